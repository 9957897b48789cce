package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portalpulse.support.Reader.visitor;

@ExtendWith(VertxExtension.class)
@DisplayName("What counts as a view, against a real PostgreSQL reached through PULSE_PG_URL")
class CountingRulesTest {
  private static PulseApplication app;
  private static Reader reader;
  private static String slug;
  private static String otherSlug;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    app = PulseTestServer.start(settings, Clock.systemUTC());
    reader = new Reader(vertx, app.config().httpPort());
    slug = Sql.text(app.databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
    otherSlug = Sql.text(app.databaseUrl(), "SELECT slug FROM articles ORDER BY id DESC LIMIT 1");
  }

  @AfterAll
  static void stop() {
    reader.close();
    assertThat(app.stop()).as("stopped cleanly").isTrue();
  }

  @Test
  @DisplayName("10 000 concurrent views from distinct visitors land exactly, in memory and in PostgreSQL")
  void concurrentViewsLandExactly() {
    long articleBefore = reader.pageViews(slug);
    JsonObject siteBefore = reader.siteStats();
    long storedBefore = storedSiteTotal();
    long visitorsBefore = Sql.scalar(app.databaseUrl(), "SELECT coalesce(sum(visitors), 0) FROM daily_unique_visitors");

    List<Future<HttpResponse<Buffer>>> views = IntStream.range(0, 10_000)
        .mapToObj(i -> reader.get("/articles/" + slug, visitor(100_000 + i)))
        .toList();
    Future.all(views).await();

    assertThat(views).allSatisfy(v -> assertThat(v.result().statusCode()).isEqualTo(200));
    assertThat(reader.pageViews(slug)).isEqualTo(articleBefore + 10_000);
    PulseTestServer.awaitFlushed(app);
    JsonObject siteAfter = reader.siteStats();
    assertThat(siteAfter.getLong("today")).isEqualTo(siteBefore.getLong("today") + 10_000);
    assertThat(siteAfter.getLong("week")).isEqualTo(siteBefore.getLong("week") + 10_000);
    assertThat(siteAfter.getLong("total")).isEqualTo(siteBefore.getLong("total") + 10_000);
    assertThat(reader.pageViews(slug)).isEqualTo(articleBefore + 10_000);
    assertThat(storedSiteTotal()).isEqualTo(storedBefore + 10_000);
    assertThat(Sql.scalar(app.databaseUrl(), "SELECT legacy_views + coalesce((SELECT views FROM page_total_views WHERE page_id = p.id), 0) FROM pages p WHERE path = '/articles/' || ?", slug))
        .isEqualTo(articleBefore + 10_000);
    assertThat(Sql.scalar(app.databaseUrl(), "SELECT sum(views) FROM page_daily_views d JOIN pages p ON p.id = d.page_id WHERE p.path = '/articles/' || ?", slug)
        + Sql.scalar(app.databaseUrl(), "SELECT legacy_views FROM pages WHERE path = '/articles/' || ?", slug))
        .isEqualTo(articleBefore + 10_000);
    assertThat(Sql.scalar(app.databaseUrl(), "SELECT coalesce(sum(visitors), 0) FROM daily_unique_visitors")).isEqualTo(visitorsBefore + 10_000);
  }

  @Test
  @DisplayName("A reload by the same visitor within the window is not a new view; another page is")
  void reloadsAreNotNewViews() {
    String me = visitor(1);
    long before = reader.pageViews(slug);
    long totalBefore = reader.siteStats().getLong("total");

    for (int i = 0; i < 5; i++) {
      HttpResponse<Buffer> page = reader.get("/articles/" + slug, me).await();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(Reader.shown(page.bodyAsString(), "views")).isEqualTo(before + 1);
    }
    reader.get("/articles/" + otherSlug, me).await();
    reader.get("/", me).await();
    reader.get("/", me).await();

    assertThat(reader.pageViews(slug)).isEqualTo(before + 1);
    assertThat(reader.siteStats().getLong("total")).isEqualTo(totalBefore + 3);
  }

  @Test
  @DisplayName("The page a reader loads already shows the view it just made")
  void pageShowsItsOwnView() {
    long before = reader.pageViews(slug);
    JsonObject site = reader.siteStats();
    String html = reader.get("/articles/" + slug, visitor(2)).await().bodyAsString();
    assertThat(Reader.shown(html, "views")).isEqualTo(before + 1);
    assertThat(Reader.shown(html, "total")).isEqualTo(site.getLong("total") + 1);
    assertThat(Reader.shown(html, "today")).isEqualTo(site.getLong("today") + 1);
  }

  @Test
  @DisplayName("Bots, missing User-Agent, HEAD, prefetch, 404 and 400 responses are not counted")
  void notCounted() {
    String path = "/articles/" + slug;
    long articleBefore = reader.pageViews(slug);
    long totalBefore = reader.siteStats().getLong("total");

    List<String> bots = List.of(
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "python-requests/2.31.0",
        "curl/8.5.0");
    int n = 0;
    for (String bot : bots) {
      assertThat(send(HttpMethod.GET, path, visitor(200 + n++), "User-Agent", bot).statusCode()).isEqualTo(200);
    }
    assertThat(send(HttpMethod.GET, path, visitor(300), "User-Agent", "").statusCode()).isEqualTo(200);
    assertThat(reader.request(HttpMethod.GET, path, visitor(301), MultiMap.caseInsensitiveMultiMap()).await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> head = send(HttpMethod.HEAD, path, visitor(302), "User-Agent", Reader.BROWSER);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isNull();
    assertThat(send(HttpMethod.GET, path, visitor(303), "User-Agent", Reader.BROWSER, "Sec-Purpose", "prefetch").statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, path, visitor(304), "User-Agent", Reader.BROWSER, "Sec-Purpose", "prefetch;prerender").statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, path, visitor(305), "User-Agent", Reader.BROWSER, "Purpose", "prefetch").statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, path, visitor(310), "User-Agent", Reader.BROWSER, "X-Purpose", "preview").statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, path, visitor(311), "User-Agent", Reader.BROWSER, "X-Moz", "prefetch").statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/?page=0", visitor(312), "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(400);
    HttpResponse<Buffer> unknownStats = send(HttpMethod.GET, "/api/articles/no-such-article/stats", visitor(313), "User-Agent", Reader.BROWSER);
    assertThat(unknownStats.statusCode()).isEqualTo(404);
    assertThat(unknownStats.bodyAsJsonObject().getString("error")).contains("no-such-article");
    assertThat(send(HttpMethod.GET, "/articles/no-such-article", visitor(306), "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(404);
    assertThat(send(HttpMethod.GET, "/?page=abc", visitor(307), "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(400);
    assertThat(send(HttpMethod.GET, "/?page=-1", visitor(308), "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(400);
    assertThat(send(HttpMethod.GET, "/?page=99999", visitor(309), "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(404);

    assertThat(reader.pageViews(slug)).isEqualTo(articleBefore);
    assertThat(reader.siteStats().getLong("total")).isEqualTo(totalBefore);
  }

  private static long storedSiteTotal() {
    return Sql.scalar(app.databaseUrl(), "SELECT views FROM site_total_views");
  }

  @Test
  @DisplayName("A missing asset gets a short 404, not a page, and is not counted as a page request")
  void missingAssetIsNotAPageRequest(Vertx vertx) {
    int port = app.config().httpPort();
    String notServed = "pulse_views_not_counted_total{reason=\"not_served\"}";
    double before = ScrapedMetrics.scrape(vertx, port).value(notServed);

    HttpResponse<Buffer> asset = send(HttpMethod.GET, "/assets/no-such-script.js", visitor(400), "User-Agent", Reader.BROWSER);
    assertThat(asset.statusCode()).isEqualTo(404);
    assertThat(asset.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(asset.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(asset.bodyAsString()).doesNotContain("Thống kê truy cập");
    assertThat(ScrapedMetrics.scrape(vertx, port).value(notServed)).as("not a page request").isEqualTo(before);

    assertThat(send(HttpMethod.GET, "/no/such/page", visitor(401), "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(404);
    assertThat(ScrapedMetrics.scrape(vertx, port).value(notServed)).as("a missing page still is").isEqualTo(before + 1);
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, String visitor, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return reader.request(method, path, visitor, map).await();
  }
}
