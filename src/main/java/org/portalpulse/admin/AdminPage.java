package org.portalpulse.admin;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.Map;

/**
 * {@code GET /admin}: the admins' page, a shell that its script fills from the admin API once the
 * admin gives a token. It takes no parameters, so it is rendered once; it counts no view.
 */
public final class AdminPage {
  /** The page's chart library, straight from the uPlot WebJar on the classpath. */
  private static final String UPLOT_DIST = "META-INF/resources/webjars/uplot/1.6.30/dist";
  private static final int ASSET_MAX_AGE_SECONDS = 3600;

  private final Buffer html;

  public AdminPage(TemplateEngine templates) {
    StringOutput out = new StringOutput();
    templates.render("admin.jte", Map.of(), out);
    this.html = Buffer.buffer(out.toString());
  }

  /** The page, and its chart library under {@code /assets/vendor/uplot/}: mount before any other {@code /assets/} route. */
  public void mount(Router router) {
    router.get("/admin").handler(this::page);
    router.head("/admin").handler(this::page);
    router.route(HttpMethod.GET, "/assets/vendor/uplot/*")
        .handler(StaticHandler.create(UPLOT_DIST).setMaxAgeSeconds(ASSET_MAX_AGE_SECONDS));
  }

  private void page(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Stricter than the readers' pages: the admin page's address leaves it for no one.
        .putHeader("Referrer-Policy", "no-referrer")
        .end(html);
  }
}
