package org.portalpulse.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.util.function.Predicate;

/**
 * How both servers meet a request before any route does: HTTP/1.x only in clear text (TLS and HTTP/2
 * end at the reverse proxy), requests framed one way only ({@link StrictRequestDecoder}), the security
 * headers on every answer the router gives, answers compressed as the client asks ({@link ResponseCompression}),
 * and client errors answered without flooding the log.
 */
final class Http1Server {
  private Http1Server() {
  }

  /** A server for {@code router}; {@code options} are the server's own, to which this adds its rules. */
  static HttpServer create(Vertx vertx, HttpServerOptions options, Router router, ClientErrors errors) {
    return create(vertx, options, request -> false, router, errors);
  }

  /**
   * The same, where {@code ahead} answers the requests it takes (saying so) before the router sees
   * any: for the one kind of request that must cost as little as a request can. Its answers are no
   * documents (a 204, or a JSON error read by a script), so they go without the security headers,
   * which only a document's rendering heeds.
   */
  static HttpServer create(Vertx vertx, HttpServerOptions options, Predicate<HttpServerRequest> ahead, Router router,
                           ClientErrors errors) {
    // Cleartext HTTP/2 has no client here (browsers speak it over TLS only, proxies speak HTTP/1.1 to
    // their upstreams), and with it on, the HTTP/1.x decoder is set up after the first bytes are read.
    // Every request is answered on its connection's event loop (work done elsewhere, on a worker or a
    // database connection, completes back on it), so Vert.x may write directly: strict thread mode spares
    // each connection a multi-producer outbound queue of 1 024 slots, a live socket's upgraded one
    // included. A write from another thread would fail loudly (IllegalStateException), not race.
    HttpServerOptions strict = ResponseCompression.enable(options.setHttp2ClearTextEnabled(false).setStrictThreadMode(true));
    ResponseCompression.markAnswers(router);
    router.errorHandler(400, errors::badRequest);
    return vertx.createHttpServer(strict)
        .connectionHandler(connection -> StrictRequestDecoder.installOn(connection, strict))
        .invalidRequestHandler(errors::invalidRequest)
        .requestHandler(request -> {
          if (!ahead.test(request)) {
            SecurityHeaders.addTo(request.response().headers());
            router.handle(request);
          }
        });
  }
}
