package org.portalpulse.embed;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The errors the embed endpoints answer: JSON saying what is wrong, never cached. */
final class EmbedAnswers {
  // Taken ahead of the router, these answers lack the site's security headers; of those, only this one
  // concerns a body that is not a document: it stays JSON, whatever a browser might guess.
  private static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private EmbedAnswers() {
  }

  /** 403 for a page whose origin may not report views. */
  static Future<Void> refuse(HttpServerResponse response) {
    return error(response, 403, "This origin may not report views: list it in PULSE_EMBED_ORIGINS");
  }

  static Future<Void> error(HttpServerResponse response, int status, String message) {
    return response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(NOSNIFF_HEADER, NOSNIFF)
        .end(new JsonObject().put("error", message).toBuffer());
  }
}
