package org.portalpulse.counting;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.Optional;

/** What a page request is before anyone looks at who sent it: a real visit, or something that only looks like one. */
final class RequestKind {
  private RequestKind() {
  }

  /**
   * Why the request cannot be a view whoever sent it, or empty when it may be one. A {@code pageRequest}
   * asks for the page itself, which only GET does; a report of a view comes as the endpoint wants it.
   */
  static Optional<ViewVerdict> exclusion(HttpServerRequest request, boolean pageRequest) {
    if (pageRequest && request.method() != HttpMethod.GET) {
      return Optional.of(ViewVerdict.NOT_GET);
    }
    if (isSpeculative(request)) {
      return Optional.of(ViewVerdict.PREFETCH);
    }
    return Optional.empty();
  }

  /** Browsers announce prefetch and prerender in one of these headers; such a page may never be seen. */
  private static boolean isSpeculative(HttpServerRequest request) {
    return mentionsPrefetch(request.getHeader("Sec-Purpose"))
        || mentionsPrefetch(request.getHeader("Purpose"))
        || mentionsPrefetch(request.getHeader("X-Purpose"))
        || mentionsPrefetch(request.getHeader("X-Moz"));
  }

  private static boolean mentionsPrefetch(String value) {
    if (value == null) {
      return false;
    }
    String v = value.toLowerCase(Locale.ROOT);
    return v.contains("prefetch") || v.contains("prerender") || v.contains("preview");
  }
}
