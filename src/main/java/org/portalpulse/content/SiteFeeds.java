package org.portalpulse.content;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * What feed readers, crawlers and browsers fetch beside the pages: {@code /rss.xml}, {@code /sitemap.xml},
 * {@code /robots.txt} and {@code /favicon.ico}. None of them is a page view: nothing here counts.
 */
public final class SiteFeeds {
  static final String RSS_TYPE = "application/rss+xml";
  private static final String FAVICON = "webroot/favicon.ico";
  private static final CharSequence RSS = HttpHeaders.createOptimized(RSS_TYPE + "; charset=utf-8");
  private static final CharSequence XML = HttpHeaders.createOptimized("application/xml; charset=utf-8");
  private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain; charset=utf-8");
  private static final CharSequence ICON = HttpHeaders.createOptimized("image/x-icon");
  // A new article reaches feed readers and crawlers within five minutes, and a busy feed costs one render per reader per five minutes.
  private static final CharSequence FEED_CACHE = HttpHeaders.createOptimized("public, max-age=300");
  private static final CharSequence ICON_CACHE = HttpHeaders.createOptimized("public, max-age=86400");

  private final CurrentCatalog articles;
  private final SiteAddress site;
  private final Buffer favicon;
  private final Rendered rss = new Rendered((catalog, origin) -> RssFeed.write(newest(catalog, RssFeed.ITEMS), origin));
  private final Rendered sitemap = new Rendered((catalog, origin) -> Sitemap.write(newest(catalog, Sitemap.MAX_URLS), origin));

  SiteFeeds(CurrentCatalog articles, SiteAddress site, Buffer favicon) {
    this.articles = articles;
    this.site = site;
    this.favicon = favicon;
  }

  /** The bytes of {@code /favicon.ico}, read once at start-up, off the event loops. */
  public static Future<Buffer> bundledFavicon(Vertx vertx) {
    return vertx.fileSystem().readFile(FAVICON);
  }

  void mount(Router router) {
    router.get(RssFeed.PATH).handler(this::rss);
    router.head(RssFeed.PATH).handler(this::rss);
    router.get(Sitemap.PATH).handler(this::sitemap);
    router.head(Sitemap.PATH).handler(this::sitemap);
    router.get("/robots.txt").handler(this::robots);
    router.head("/robots.txt").handler(this::robots);
    router.get("/favicon.ico").handler(this::favicon);
    router.head("/favicon.ico").handler(this::favicon);
  }

  private void rss(RoutingContext ctx) {
    send(ctx, RSS, FEED_CACHE, rss.of(articles.get(), site.originOf(ctx.request())));
  }

  private void sitemap(RoutingContext ctx) {
    send(ctx, XML, FEED_CACHE, sitemap.of(articles.get(), site.originOf(ctx.request())));
  }

  /** Every crawler may read every page; the admin page and the JSON endpoints are nothing to index. */
  private void robots(RoutingContext ctx) {
    String text = "User-agent: *\nDisallow: /admin\nDisallow: /api/\n\nSitemap: " + site.originOf(ctx.request()) + Sitemap.PATH + "\n";
    send(ctx, TEXT, FEED_CACHE, Buffer.buffer(text));
  }

  private void favicon(RoutingContext ctx) {
    send(ctx, ICON, ICON_CACHE, favicon);
  }

  /** The newest {@code limit} published articles of {@code catalog}. */
  private static List<Article> newest(ArticleCatalog catalog, int limit) {
    List<Article> all = catalog.all();
    return all.subList(0, Math.min(limit, all.size()));
  }

  /**
   * A document written once per catalog and origin, and served as it is until either changes: a
   * sitemap of 50 000 articles is not to be written again for each crawler's request.
   */
  private static final class Rendered {
    private record Copy(ArticleCatalog catalog, String origin, Buffer body) {
    }

    private final BiFunction<ArticleCatalog, String, Buffer> write;
    private final AtomicReference<Copy> last = new AtomicReference<>();

    Rendered(BiFunction<ArticleCatalog, String, Buffer> write) {
      this.write = write;
    }

    Buffer of(ArticleCatalog catalog, String origin) {
      Copy copy = last.get();
      if (copy == null || copy.catalog() != catalog || !copy.origin().equals(origin)) {
        copy = new Copy(catalog, origin, write.apply(catalog, origin));
        last.set(copy);
      }
      return copy.body();
    }
  }

  private static void send(RoutingContext ctx, CharSequence type, CharSequence cacheControl, Buffer body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .end(body);
  }
}
