package org.portalpulse.embed;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.portalpulse.config.AllowedOrigin;
import org.portalpulse.config.EmbedSettings;

import java.util.Optional;

/**
 * Whose pages may report views: the portals listed in {@code PULSE_EMBED_ORIGINS}, and the site
 * itself. A browser always names the page's origin in a cross-origin request, so a page elsewhere
 * cannot count through its readers' browsers. CORS answers name that one origin, never a wildcard.
 */
final class ReportOrigins {
  private final EmbedSettings settings;

  ReportOrigins(EmbedSettings settings) {
    this.settings = settings;
  }

  /** The request's origin in its one spelling, when its pages may report views; {@code origin} may be null. */
  Optional<String> allowed(String origin, HttpServerRequest request) {
    if (origin == null || origin.isBlank()) {
      return Optional.empty();
    }
    // Browsers spell an origin the one way the list holds it: most reports need no parsing.
    if (settings.allows(origin)) {
      return Optional.of(origin);
    }
    return AllowedOrigin.normalise(origin)
        .filter(o -> settings.allows(o) || AllowedOrigin.isSameSite(o, request.authority()));
  }

  /** Lets the page at {@code origin} read the answer; caches must keep one answer per origin. */
  static void allowReading(HttpServerResponse response, String origin) {
    allowReadingUncached(response, origin);
    response.putHeader(HttpHeaders.VARY, "Origin");
  }

  /**
   * The same for an answer no cache keeps (to a POST, with no freshness of its own), which needs no
   * {@code Vary}: every header costs each of the many reports a little.
   */
  static void allowReadingUncached(HttpServerResponse response, String origin) {
    response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
  }
}
