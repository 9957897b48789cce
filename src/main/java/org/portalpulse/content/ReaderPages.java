package org.portalpulse.content;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.portalpulse.assets.Encoding;
import org.portalpulse.assets.Freshness;
import org.portalpulse.config.CountOn;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.SiteCounters;
import org.portalpulse.counting.ViewCounter;

import java.util.Optional;

/**
 * What readers ask for: pages that count as views ({@code /}, {@code /articles/{slug}}), the public
 * JSON counters, and the error pages, each with the statistics box; and, counting nothing, the feed,
 * the sitemap, robots.txt and the favicon ({@link SiteFeeds}).
 */
public final class ReaderPages {
  private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence GZIP = HttpHeaders.createOptimized(Encoding.GZIP.token());
  // Pages carry live numbers: let browsers keep them, but always ask again, so every visit is seen.
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
  private static final int SHARED_CACHE_SECONDS = 60;
  // Counted by /pulse.js: a shared cache may hold the page a minute (its numbers are filled in live), a
  // browser asks again each time.
  private static final CharSequence CACHEABLE = HttpHeaders.createOptimized("public, max-age=0, s-maxage=" + SHARED_CACHE_SECONDS);

  private final CurrentCatalog articles;
  private final ViewCounter views;
  private final CounterReader counters;
  private final PageRenderer pages;
  private final boolean countedByScript;
  private final SiteAddress site;
  private final SiteFeeds feeds;
  private final PageSkeletons skeletons = new PageSkeletons();

  /** {@code favicon}: the bytes of {@code /favicon.ico}, from {@link SiteFeeds#bundledFavicon}. */
  public ReaderPages(CurrentCatalog articles, ViewCounter views, CounterReader counters, PageRenderer pages, CountOn countOn,
                     SiteAddress site, Buffer favicon) {
    this.articles = articles;
    this.views = views;
    this.counters = counters;
    this.pages = pages;
    this.countedByScript = countOn == CountOn.SCRIPT;
    this.site = site;
    this.feeds = new SiteFeeds(articles, site, favicon);
  }

  public void mount(Router router) {
    router.get("/").handler(this::home);
    router.head("/").handler(this::home);
    router.get("/articles/:slug").handler(this::article);
    router.head("/articles/:slug").handler(this::article);
    router.get("/api/stats").handler(this::siteStats);
    router.get("/api/articles/:slug/stats").handler(this::articleStats);
    feeds.mount(router);
  }

  private void home(RoutingContext ctx) {
    Optional<Integer> page = PageNumber.parse(ctx.queryParam("page"));
    if (page.isEmpty()) {
      errorPage(ctx, 400, "Số trang không hợp lệ", "Tham số page phải là một số nguyên dương, ví dụ /?page=2.");
      return;
    }
    int number = page.get();
    ArticleCatalog catalog = articles.get();
    if (number > catalog.pageCount()) {
      errorPage(ctx, 404, "Không có trang này", "Trang " + number + " không tồn tại; tin tức có " + catalog.pageCount() + " trang.");
      return;
    }
    if (!countedByScript) {
      views.count(ctx.request(), number == 1 ? "/" : "/?page=" + number, 0);
    }
    String origin = site.originOf(ctx.request());
    PageSkeleton skeleton = skeletons.home(catalog, number, origin, () -> pages.home(
        new HomePage(catalog.page(number), number, catalog.pageCount(), ShownNumbers.PLACES, countedByScript, PageMeta.home(number, origin)),
        catalog));
    sendPage(ctx, skeleton.with(counters.site(), 0));
  }

  private void article(RoutingContext ctx) {
    Optional<Article> found = articles.get().bySlug(ctx.pathParam("slug"));
    if (found.isEmpty()) {
      errorPage(ctx, 404, "Không tìm thấy bài viết", "Bài viết bạn tìm không tồn tại hoặc đã được gỡ.");
      return;
    }
    Article article = found.get();
    if (!countedByScript) {
      views.count(ctx.request(), article.path(), article.pageId());
    }
    String origin = site.originOf(ctx.request());
    PageSkeleton skeleton = skeletons.article(article, origin, () -> pages.article(
        new ArticlePage(article, ShownNumbers.PLACES, countedByScript, PageMeta.article(article, origin))));
    sendPage(ctx, skeleton.with(counters.site(), counters.pageViews(article.pageId())));
  }

  private void siteStats(RoutingContext ctx) {
    SiteCounters c = counters.site();
    sendJson(ctx, 200, new JsonObject().put("online", c.online()).put("today", c.today()).put("week", c.week()).put("total", c.total()));
  }

  private void articleStats(RoutingContext ctx) {
    Optional<Article> found = articles.get().bySlug(ctx.pathParam("slug"));
    if (found.isEmpty()) {
      sendJson(ctx, 404, new JsonObject().put("error", "No article has the slug '" + ctx.pathParam("slug") + "'"));
      return;
    }
    sendJson(ctx, 200, new JsonObject().put("views", counters.pageViews(found.get().pageId())));
  }

  /** The page for an address nothing answers. */
  public void notFound(RoutingContext ctx) {
    errorPage(ctx, 404, "Không tìm thấy trang", "Địa chỉ bạn truy cập không tồn tại.");
  }

  /** The page for a failure on our side; the reader learns nothing of its cause. */
  public void serverError(RoutingContext ctx) {
    errorPage(ctx, 500, "Lỗi máy chủ", "Đã có lỗi xảy ra. Vui lòng thử lại sau.");
  }

  /** A page request answered with an error: not a view, and counted as such for the metrics. */
  private void errorPage(RoutingContext ctx, int status, String heading, String message) {
    views.notServed();
    sendHtml(ctx, status, pages.error(new ErrorPage(status, heading, message, ShownNumbers.of(counters.site()))));
  }

  /**
   * A page that counts as a view: cacheable when its script counts it. Its tag names the page's text
   * and numbers, so a 304 tells a browser or cache only that the copy it holds is exactly this page,
   * live numbers included. That is safe for counting either way: with {@code PULSE_COUNT_ON=request}
   * the view was counted above, before the page was made, whatever the answer (and a counted view
   * changes the numbers, so the page, so it gets a 200); with {@code script} the request counts
   * nothing, the script on the page the browser shows does.
   *
   * <p>Sent as gzip whenever the client takes it, even one that would rather have Brotli (every browser
   * sends both): the skeleton's gzip costs a copy, Brotli a compression of the whole page.
   */
  private void sendPage(RoutingContext ctx, PageSkeleton.Filled page) {
    HttpServerResponse response = ctx.response();
    response.headers().add(HttpHeaders.CONTENT_TYPE, HTML).add(HttpHeaders.CACHE_CONTROL, countedByScript ? CACHEABLE : NO_CACHE);
    if (Freshness.answeredNotModified(ctx, page.etag())) {
      return;
    }
    if (Encoding.GZIP.weightIn(ctx.parsedHeaders().acceptEncoding()) > 0) {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, GZIP).end(page.gzip());
    } else {
      response.end(page.identity());
    }
  }

  private static void sendHtml(RoutingContext ctx, int status, Buffer body) {
    HttpServerResponse response = ctx.response().setStatusCode(status);
    MultiMap headers = response.headers();
    headers.add(HttpHeaders.CONTENT_TYPE, HTML);
    headers.add(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    response.end(body);
  }

  private static void sendJson(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
        .end(body.toBuffer());
  }
}
