package org.portalpulse.admin;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.portalpulse.assets.Freshness;

import java.util.Map;

/**
 * {@code GET /admin}: the admins' page, a shell that its script fills from the admin API once the
 * admin gives a token. It takes no parameters, so it is rendered once; it counts no view. Its scripts
 * and styles, the uPlot chart library included, are assets ({@code /assets/admin/}, {@code /assets/vendor/uplot/}).
 */
public final class AdminPage {
  private final Buffer html;
  private final String etag;

  public AdminPage(TemplateEngine templates) {
    StringOutput out = new StringOutput();
    templates.render("admin.jte", Map.of(), out);
    this.html = Buffer.buffer(out.toString());
    this.etag = Freshness.etagOf(html);
  }

  public void mount(Router router) {
    router.get("/admin").handler(this::page);
    router.head("/admin").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Stricter than the readers' pages: the admin page's address leaves it for no one.
        .putHeader("Referrer-Policy", "no-referrer");
    // The same page until the next build: a browser that has it is told so.
    if (!Freshness.answeredNotModified(ctx, etag)) {
      ctx.response().end(html);
    }
  }
}
