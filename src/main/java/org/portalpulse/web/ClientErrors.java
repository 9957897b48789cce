package org.portalpulse.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * What a request the server cannot take gets: a short 4xx saying why, with the headers every answer
 * carries, and a WARN line at most once a minute. A client's mistake is not our failure: one ERROR
 * line per bad request would let anyone flood the log for the price of a connection.
 */
final class ClientErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);
  private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
  private static final int REASON_MAX_CHARS = 200;

  private final RateLimitedLog log = new RateLimitedLog(LOG, LOG_INTERVAL, System::nanoTime);

  /**
   * The server's invalid-request handler: requests the decoder refused ({@link StrictRequestDecoder}, or
   * Netty's own limits). Netty reads nothing more from the connection, and Vert.x closes it once this is sent.
   */
  void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = cause instanceof StrictRequestDecoder.Refused refused ? refused.status
        : cause instanceof TooLongHttpLineException ? 414
        : cause instanceof TooLongHttpHeaderException ? 431
        : 400;
    String reason = reason(cause);
    log.warn("Refused a malformed request with " + status + ": " + reason);
    HttpServerResponse response = request.response();
    SecurityHeaders.addTo(response.headers());
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end("Malformed request: " + reason + "\n");
    request.connection().close();
  }

  /** The routers' handler for 400s no route answered itself, such as a Host header that is no host. */
  void badRequest(RoutingContext ctx) {
    String reason = reason(ctx.failure());
    log.warn("Refused a request with 400: " + reason);
    if (!ctx.response().headWritten()) {
      ctx.response().setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end("Bad request: " + reason + "\n");
    }
  }

  /**
   * Our own words for what we refused; a library's message shortened and without control characters,
   * so that a request cannot write lines of its own into the log.
   */
  private static String reason(Throwable cause) {
    if (cause == null) {
      return "malformed request";
    }
    if (cause instanceof StrictRequestDecoder.Refused) {
      return cause.getMessage();
    }
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    StringBuilder clean = new StringBuilder(Math.min(message.length(), REASON_MAX_CHARS));
    for (int i = 0; i < message.length() && clean.length() < REASON_MAX_CHARS; i++) {
      char c = message.charAt(i);
      clean.append(Character.isISOControl(c) ? '?' : c);
    }
    return clean.toString();
  }
}
