package org.portalpulse.content;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.portalpulse.config.InvalidSettingException;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.admin.AdminApi;
import org.portalpulse.counting.SiteCounters;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.live.LiveEndpoint;
import org.portalpulse.ops.OpsRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Serves the portal to readers: pages that count as views, and the public JSON counters. {@code PULSE_HTTP_INSTANCES} instances. */
public final class PortalVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PortalVerticle.class);
  private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  // Pages carry live numbers: let browsers keep them, but always ask again, so every visit is seen.
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final CharSequence X_CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence X_FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options");
  /** The /admin page's chart library, straight from the uPlot WebJar on the classpath. */
  private static final String UPLOT_DIST = "META-INF/resources/webjars/uplot/1.6.30/dist";

  private final PulseConfig config;
  private final ArticleCatalog catalog;
  private final ViewCounter views;
  private final PageRenderer pages;
  private final LiveEndpoint.Shared live;
  private final OpsRoutes ops;
  private final AdminApi admin;
  private HttpServer server;
  private LiveEndpoint liveEndpoint;

  public PortalVerticle(PulseConfig config, ArticleCatalog catalog, ViewCounter views, PageRenderer pages, LiveEndpoint.Shared live,
                        OpsRoutes ops, AdminApi admin) {
    this.config = config;
    this.catalog = catalog;
    this.views = views;
    this.pages = pages;
    this.live = live;
    this.ops = ops;
    this.admin = admin;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/").handler(this::home);
    router.head("/").handler(this::home);
    router.get("/articles/:slug").handler(this::article);
    router.head("/articles/:slug").handler(this::article);
    router.get("/api/stats").handler(this::siteStats);
    router.get("/api/articles/:slug/stats").handler(this::articleStats);
    router.get("/admin").handler(this::adminPage);
    router.head("/admin").handler(this::adminPage);
    if (config.opsPort().isEmpty()) {
      ops.mount(router);
    }
    admin.mount(vertx, router);
    router.route(HttpMethod.GET, "/assets/vendor/uplot/*").handler(StaticHandler.create(UPLOT_DIST).setMaxAgeSeconds(3600));
    router.route(HttpMethod.GET, "/assets/*").handler(StaticHandler.create("webroot/assets").setMaxAgeSeconds(3600));
    router.errorHandler(404, this::notFound);
    router.errorHandler(500, this::serverError);

    server = vertx.createHttpServer(LiveEndpoint.configure(
        new HttpServerOptions().setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS)));
    liveEndpoint = new LiveEndpoint(vertx, config.live(), catalog, views, live);
    liveEndpoint.attachTo(server);
    ops.watchEventLoop(vertx);
    return server.requestHandler(router).listen(config.httpPort(), config.httpHost())
        .recover(err -> Future.failedFuture(InvalidSettingException.ifPortTaken(PulseConfig.HTTP_PORT, err)));
  }

  @Override
  public Future<?> stop() {
    // Stop taking connections; requests already in progress finish (and are counted) first.
    liveEndpoint.stop();
    return server.shutdown(5, TimeUnit.SECONDS);
  }

  private void home(RoutingContext ctx) {
    Optional<Integer> page = PageNumber.parse(ctx.queryParam("page"));
    if (page.isEmpty()) {
      sendError(ctx, 400, "Số trang không hợp lệ", "Tham số page phải là một số nguyên dương, ví dụ /?page=2.");
      return;
    }
    int number = page.get();
    if (number > catalog.pageCount()) {
      sendError(ctx, 404, "Không có trang này", "Trang " + number + " không tồn tại; tin tức có " + catalog.pageCount() + " trang.");
      return;
    }
    views.count(ctx.request(), number == 1 ? "/" : "/?page=" + number, 0);
    sendHtml(ctx, 200, pages.home(new HomePage(catalog.page(number), number, catalog.pageCount(), views.siteCounters())));
  }

  private void article(RoutingContext ctx) {
    Optional<Article> found = catalog.bySlug(ctx.pathParam("slug"));
    if (found.isEmpty()) {
      sendError(ctx, 404, "Không tìm thấy bài viết", "Bài viết bạn tìm không tồn tại hoặc đã được gỡ.");
      return;
    }
    Article article = found.get();
    views.count(ctx.request(), article.path(), article.id());
    sendHtml(ctx, 200, pages.article(new ArticlePage(article, views.articleViews(article.id()), views.siteCounters())));
  }

  private void siteStats(RoutingContext ctx) {
    SiteCounters c = views.siteCounters();
    sendJson(ctx, 200, new JsonObject().put("online", c.online()).put("today", c.today()).put("week", c.week()).put("total", c.total()));
  }

  private void articleStats(RoutingContext ctx) {
    Optional<Article> found = catalog.bySlug(ctx.pathParam("slug"));
    if (found.isEmpty()) {
      sendJson(ctx, 404, new JsonObject().put("error", "No article has the slug '" + ctx.pathParam("slug") + "'"));
      return;
    }
    sendJson(ctx, 200, new JsonObject().put("views", views.articleViews(found.get().id())));
  }

  /** Not a reader's page: nothing is counted, and the numbers come from the admin API once the admin gives a token. */
  private void adminPage(RoutingContext ctx) {
    ctx.response().putHeader(X_FRAME_OPTIONS, "DENY");
    sendHtml(ctx, 200, pages.admin());
  }

  private void notFound(RoutingContext ctx) {
    String path = ctx.normalizedPath(); // what the router matched: "/x/../assets/a.js" is an asset
    if (path != null && path.startsWith("/api/")) {
      sendJson(ctx, 404, new JsonObject().put("error", "No such resource: " + path));
    } else if (path != null && path.startsWith("/assets/")) {
      // A script or style a page asked for: no reader sees this answer, so it is not a page with the
      // statistics box, and not a page request in pulse_views_not_counted_total either.
      ctx.response().setStatusCode(404)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
          .putHeader(X_CONTENT_TYPE_OPTIONS, NOSNIFF)
          .end("No such asset: " + path);
    } else {
      sendError(ctx, 404, "Không tìm thấy trang", "Địa chỉ bạn truy cập không tồn tại.");
    }
  }

  private void serverError(RoutingContext ctx) {
    LOG.error("Unexpected failure serving {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
    if (!ctx.response().headWritten()) {
      sendError(ctx, 500, "Lỗi máy chủ", "Đã có lỗi xảy ra. Vui lòng thử lại sau.");
    }
  }

  private void sendError(RoutingContext ctx, int status, String heading, String message) {
    views.notServed();
    sendHtml(ctx, status, pages.error(new ErrorPage(status, heading, message, views.siteCounters())));
  }

  private static void sendHtml(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = ctx.response().setStatusCode(status);
    MultiMap headers = response.headers();
    headers.add(HttpHeaders.CONTENT_TYPE, HTML);
    headers.add(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    headers.add(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    response.end(body);
  }

  private static void sendJson(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
        .end(body.toBuffer());
  }

  /** {@code ?page=N}: absent means 1; anything but a positive whole number is refused. */
  static final class PageNumber {
    private static final int MAX = 1_000_000;

    private PageNumber() {
    }

    static Optional<Integer> parse(List<String> values) {
      if (values.isEmpty()) {
        return Optional.of(1);
      }
      String raw = values.get(0).trim();
      if (raw.isEmpty() || raw.length() > 7 || !raw.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      int page = Integer.parseInt(raw);
      return page >= 1 && page <= MAX ? Optional.of(page) : Optional.empty();
    }
  }
}
