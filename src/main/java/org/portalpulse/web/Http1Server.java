package org.portalpulse.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** How both servers meet a request before any route does: the security headers go on every answer. */
final class Http1Server {
  private Http1Server() {
  }

  /** A server for {@code router}, with the server's own {@code options}. */
  static HttpServer create(Vertx vertx, HttpServerOptions options, Router router) {
    return vertx.createHttpServer(options)
        .requestHandler(request -> {
          SecurityHeaders.addTo(request.response().headers());
          router.handle(request);
        });
  }
}
