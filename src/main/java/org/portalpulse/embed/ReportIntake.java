package org.portalpulse.embed;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * {@code POST /api/v1/views}, what {@code /pulse.js} sends for each view it sees shown, and the
 * preflight a browser may send before it. Taken straight from the HTTP server, ahead of the router:
 * a report is the one request every page view of every portal makes, so it pays for no route table,
 * no routing context and no body handler. It answers 204 whether the view counted or not, so that
 * nothing tells an attacker which of their reports did.
 */
public final class ReportIntake {
  public static final String PATH = "/api/v1/views";
  static final int MAX_BODY_BYTES = 2_048;
  /** What of a refused body is read and dropped before its connection is closed (Tomcat's default swallow). */
  static final long MAX_DISCARDED_BYTES = 2L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);

  private final ReportOrigins origins;
  private final ReportedViews views;

  ReportIntake(ReportOrigins origins, ReportedViews views) {
    this.origins = origins;
    this.views = views;
  }

  /** Answers {@code request} when it is a report or its preflight, and says whether it did; else the router answers it. */
  public boolean take(HttpServerRequest request) {
    if (!PATH.equals(request.path())) {
      return false;
    }
    HttpMethod method = request.method();
    if (method != HttpMethod.POST && method != HttpMethod.OPTIONS) {
      return false;
    }
    request.routed(PATH);
    try {
      Optional<String> origin = origins.allowed(request.getHeader(HttpHeaders.ORIGIN), request);
      if (origin.isEmpty()) {
        EmbedAnswers.refuse(request.response());
      } else if (method == HttpMethod.OPTIONS) {
        preflight(request.response(), origin.get());
      } else {
        ReportOrigins.allowReadingUncached(request.response(), origin.get());
        readBody(request);
      }
    } catch (RuntimeException bug) {
      LOG.error("Unexpected failure taking a view report", bug);
      EmbedAnswers.error(request.response(), 500, "The report could not be taken");
    }
    return true;
  }

  /** What a browser asks before a report it may not send as a simple request (a JSON one). */
  private static void preflight(HttpServerResponse response, String origin) {
    ReportOrigins.allowReading(response, origin);
    response.setStatusCode(204)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type")
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
        .end();
  }

  /**
   * Reads at most {@link #MAX_BODY_BYTES}: a body declared longer is refused before a byte of it is
   * kept, and one sent in chunks at the chunk that passes the limit; nothing of it is held.
   */
  private void readBody(HttpServerRequest request) {
    if (declaredTooLong(request.getHeader(HttpHeaders.CONTENT_LENGTH))) {
      tooLarge(request);
      return;
    }
    Buffer body = Buffer.buffer(128);
    request.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_BODY_BYTES) {
        tooLarge(request); // from here on, its handlers take the rest of the request
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(end -> report(request, body));
  }

  private void report(HttpServerRequest request, Buffer body) {
    HttpServerResponse response = request.response();
    ViewReport report;
    try {
      report = ViewReport.parse(body);
    } catch (ViewReport.BadReport bad) {
      EmbedAnswers.error(response, 400, bad.getMessage());
      return;
    }
    // No Cache-Control: no cache stores the answer to a POST that does not say how long it is fresh.
    views.count(request, report.page(), report.title()).onComplete(done -> response.setStatusCode(204).end());
  }

  /** Whether the declared length passes the limit; the decoder has already refused a malformed one. */
  private static boolean declaredTooLong(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    String digits = contentLength.trim();
    return digits.length() > 9 || !digits.chars().allMatch(Character::isDigit) || Integer.parseInt(digits) > MAX_BODY_BYTES;
  }

  /**
   * 413 at once, naming the connection's end. A client is likely still sending the body, and a
   * connection closed under it would lose the answer (its kernel drops what it had not read), so the
   * rest is read and dropped, as much as {@link #MAX_DISCARDED_BYTES}, before the connection is closed.
   */
  private static void tooLarge(HttpServerRequest request) {
    HttpServerResponse response = request.response().putHeader(HttpHeaders.CONNECTION, "close");
    Future<Void> sent = EmbedAnswers.error(response, 413, "A report is at most " + MAX_BODY_BYTES + " bytes");
    long[] discarded = {0};
    request.handler(chunk -> {
      discarded[0] += chunk.length();
      if (discarded[0] > MAX_DISCARDED_BYTES) {
        request.handler(null);
        sent.onComplete(done -> request.connection().close());
      }
    });
    request.endHandler(end -> sent.onComplete(done -> request.connection().close()));
  }
}
