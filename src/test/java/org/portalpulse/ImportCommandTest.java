package org.portalpulse;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.AdminClient;
import org.portalpulse.support.Feeds;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first imports of the feeds come first; the rest import again
@DisplayName("`import SOURCE` brings feeds and the old CMS's view counts in, idempotently, while the server runs")
class ImportCommandTest {
  private static final String TOKEN = "import-command-token-41c9a7";
  private static final Duration WITHIN = Duration.ofSeconds(2);
  private static String database;
  private static RunningServer server;
  private static AdminClient admin;

  @BeforeAll
  static void start(Vertx vertx) {
    database = TestPostgres.newDatabaseUrl();
    Map<String, String> settings = PulseTestServer.defaults(database);
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    admin = new AdminClient(vertx, server.app().config().httpPort());
  }

  @AfterAll
  static void stop() {
    admin.close();
    server.close();
  }

  @Test
  @Order(1)
  @DisplayName("an RSS file twice: items become sanitised articles, the item without a title is skipped, the second run changes nothing")
  void rssTwice() {
    Path feed = Feeds.write("old-cms.rss", Feeds.RSS);
    Run first = importing(feed.toString());
    assertThat(first.status()).as(first.err()).isZero();
    assertThat(first.out()).contains("2 added, 0 updated, 0 unchanged, 1 skipped")
        .contains("skipped old-cms-7: title must be");

    JsonObject cau = stored("khanh-thanh-cau-nhat-tan-moi");
    assertThat(cau.getString("body")).isEqualTo(
        "<p>Cầu dài 1 km.</p><p><a href=\"https://old.example.vn/tin-tuc/khac\">Tin khác</a></p>");
    assertThat(cau.getString("summary")).isEqualTo("Cầu mới nối hai bờ sông.");
    assertThat(cau.getString("imageUrl")).isEqualTo("https://old.example.vn/anh/cau.jpg");
    assertThat(cau.getString("publishedAt")).isEqualTo("2026-12-01T01:00Z");
    assertThat(stored("duong-sat-do-thi-chay-thu").getString("body")).isEqualTo("<p>Chạy thử <b>10 chuyến</b> mỗi ngày.</p>");
    await("the running server serving the imported article").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() ->
        assertThat(server.reader().get("/articles/khanh-thanh-cau-nhat-tan-moi", null).await().bodyAsString()).contains("Cầu dài 1 km."));

    long audited = Sql.scalar(url(), "SELECT count(*) FROM article_audit WHERE token_name = 'import'");
    Run second = importing(feed.toString());
    assertThat(second.out()).contains("0 added, 0 updated, 2 unchanged, 1 skipped");
    assertThat(Sql.scalar(url(), "SELECT count(*) FROM article_audit WHERE token_name = 'import'")).isEqualTo(audited);
    assertThat(Sql.scalar(url(), "SELECT count(*) FROM articles WHERE source_key IS NOT NULL AND source_key LIKE '%old%'")).isEqualTo(2);
  }

  @Test
  @Order(2)
  @DisplayName("an Atom file twice changes nothing the second time; an entry changed in the feed updates its article")
  void atomTwiceThenChanged() {
    Path feed = Feeds.write("tin.atom", Feeds.atom("Lễ hội hoa xuân"));
    assertThat(importing(feed.toString()).out()).contains("2 added, 0 updated, 0 unchanged, 0 skipped");
    JsonObject hoa = stored("le-hoi-hoa-xuan");
    assertThat(hoa.getString("body")).isEqualTo("<p>Lễ hội kéo dài 3 ngày.</p><img src=\"https://old.example.vn/hoa.jpg\">");
    assertThat(hoa.getString("summary")).isEqualTo("Hoa nở khắp phố.");
    assertThat(stored("duong-chay-ven-song-han").getString("body")).contains("<p>Dài 5 km.</p>");
    assertThat(importing(feed.toString()).out()).contains("0 added, 0 updated, 2 unchanged, 0 skipped");

    long pageId = Sql.scalar(url(), "SELECT page_id FROM articles WHERE slug = 'le-hoi-hoa-xuan'");
    Path changed = Feeds.write("tin.atom", Feeds.atom("Lễ hội hoa xuân 2027"));
    assertThat(importing(changed.toString()).out()).contains("0 added, 1 updated, 1 unchanged, 0 skipped");
    assertThat(stored("le-hoi-hoa-xuan").getString("title")).as("same slug, new title").isEqualTo("Lễ hội hoa xuân 2027");
    assertThat(Sql.scalar(url(), "SELECT page_id FROM articles WHERE slug = 'le-hoi-hoa-xuan'")).isEqualTo(pageId);
    await("the running server showing the new title").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() ->
        assertThat(server.reader().get("/articles/le-hoi-hoa-xuan", null).await().bodyAsString()).contains("Lễ hội hoa xuân 2027"));
  }

  @Test
  @DisplayName("a url,views file sets the legacy views of the articles imported from those addresses, or of the pages there")
  void viewsCsv() {
    importing(Feeds.write("old-cms.rss", Feeds.RSS).toString());
    String demo = Sql.text(url(), "SELECT slug FROM articles WHERE source_key IS NULL ORDER BY id LIMIT 1");
    String csv = """
        url,views
        https://old.example.vn/tin-tuc/cau-moi?id=5#binh-luan,12345
        "http://old.example.vn/tin-tuc/duong-sat?id=6",678
        /articles/%s,90
        https://old.example.vn/khong-co-trang-nay,5
        https://old.example.vn/tin-tuc/cau-moi?id=5,nhiều
        """.formatted(demo);
    Path file = Feeds.write("luot-xem.csv", csv);
    Run first = importing(file.toString());
    assertThat(first.out()).contains("3 updated, 0 unchanged, 2 skipped")
        .contains("no article or page has the path /khong-co-trang-nay")
        .contains("views 'nhiều' is not a whole number");
    assertThat(legacyViews("khanh-thanh-cau-nhat-tan-moi")).isEqualTo(12_345);
    assertThat(legacyViews("duong-sat-do-thi-chay-thu")).isEqualTo(678);
    assertThat(legacyViews(demo)).isEqualTo(90);
    assertThat(Sql.scalar(url(), "SELECT count(*) FROM baseline_audit WHERE token_name = 'import' AND new_value = 12345")).isEqualTo(1);
    await("Lượt xem on the running server starting from the old count").atMost(WITHIN).pollInterval(Waits.FAST_POLL)
        .untilAsserted(() -> assertThat(server.reader().pageViews("khanh-thanh-cau-nhat-tan-moi")).isGreaterThanOrEqualTo(12_345));

    assertThat(importing(file.toString()).out()).contains("0 updated, 3 unchanged, 2 skipped");
  }

  @Test
  @DisplayName("a long import says how far it got every 100 items")
  void progress() {
    Run run = importing(Feeds.write("many.rss", Feeds.manyItems("many", 250)).toString());
    assertThat(run.out()).contains("100 of 250 feed items: 100 added", "200 of 250 feed items: 200 added",
        "250 of 250 feed items: 250 added, 0 updated, 0 unchanged, 0 skipped");
  }

  @Test
  @DisplayName("the admin API imports a feed sent as content, the same way")
  void throughTheApi() {
    JsonObject body = new JsonObject().put("content", Feeds.manyItems("api", 3));
    HttpResponse<Buffer> first = admin.send(HttpMethod.POST, "/imports", "Bearer " + TOKEN, null, body);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getString("kind")).isEqualTo("feed");
    assertThat(first.bodyAsJsonObject().getInteger("added")).isEqualTo(3);
    JsonObject second = admin.send(HttpMethod.POST, "/imports", "Bearer " + TOKEN, null, body).bodyAsJsonObject();
    assertThat(second.getInteger("added")).isZero();
    assertThat(second.getInteger("updated")).isZero();
    assertThat(second.getInteger("unchanged")).isEqualTo(3);
    assertThat(Sql.scalar(url(), "SELECT count(*) FROM article_audit WHERE token_name = 'admin'")).isEqualTo(3);
  }

  @Test
  @DisplayName("no SOURCE: the usage and status 2; a file that is not there: its name and status 1")
  void usageAndMissingFile() {
    Run none = run(List.of());
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).contains("Usage: java -jar portal-pulse.jar import SOURCE");
    Run missing = importing("/nonexistent/feed.xml");
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("No file /nonexistent/feed.xml");
  }

  private record Run(int status, String out, String err) {
  }

  private static Run importing(String source) {
    return run(List.of(source));
  }

  private static Run run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> settings = Map.of(PulseConfig.PG_URL, database,
        PulseConfig.DATA_DIR, TestPostgres.freshDirectory("import-data").toString());
    int status = ImportCommand.run(args, settings, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static JsonObject stored(String slug) {
    return admin.getJson("/articles/" + slug, TOKEN);
  }

  private static long legacyViews(String slug) {
    return Sql.scalar(url(), "SELECT p.legacy_views FROM pages p JOIN articles a ON a.page_id = p.id WHERE a.slug = ?", slug);
  }

  private static PostgresUrl url() {
    return server.app().databaseUrl();
  }
}
