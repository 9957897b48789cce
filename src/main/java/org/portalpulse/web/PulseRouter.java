package org.portalpulse.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route readers' browsers reach, from the capabilities that answer them, and what an address
 * nothing answers gets: each kind of client the answer it can use.
 */
final class PulseRouter {
  private static final Logger LOG = LoggerFactory.getLogger(PulseRouter.class);

  private PulseRouter() {
  }

  /** A router for one server; each event loop's server gets its own. */
  static Router forReaders(Vertx vertx, Capabilities capabilities) {
    Router router = Router.router(vertx);
    capabilities.pages().mount(router);
    capabilities.embed().mount(router);
    capabilities.adminPage().mount(router);
    capabilities.adminApi().mount(vertx, router);
    if (!capabilities.opsOnOwnPort()) {
      capabilities.ops().mountForReaders(router);
    }
    router.route(HttpMethod.GET, "/assets/*").handler(capabilities.assets()::serve);
    router.errorHandler(404, ctx -> notFound(ctx, capabilities));
    router.errorHandler(500, ctx -> serverError(ctx, capabilities));
    return router;
  }

  private static void notFound(RoutingContext ctx, Capabilities capabilities) {
    String path = ctx.normalizedPath(); // what the router matched: "/x/../assets/a.js" is an asset
    if (path != null && path.startsWith("/api/")) {
      ctx.response().setStatusCode(404)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
          .end(new JsonObject().put("error", "No such resource: " + path).toBuffer());
    } else if (path != null && path.startsWith("/assets/")) {
      // A script or style a page asked for: no reader sees this answer, so it is not a page with the
      // statistics box, and not a page request in pulse_views_not_counted_total either.
      ctx.response().setStatusCode(404)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
          .end("No such asset: " + path);
    } else {
      capabilities.pages().notFound(ctx);
    }
  }

  private static void serverError(RoutingContext ctx, Capabilities capabilities) {
    LOG.error("Unexpected failure serving {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    if (!ctx.response().headWritten()) {
      capabilities.pages().serverError(ctx);
    }
  }
}
