package org.portalpulse.publishing;

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
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.AdminClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Admins publish, change and withdraw articles through the API; readers see it at once and the counts stay")
class ArticlePublishingTest {
  private static final String TOKEN = "publishing-token-7d2c91ab";
  private static final Duration WITHIN = Duration.ofSeconds(2);
  private static RunningServer server;
  private static AdminClient admin;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
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
  @DisplayName("a new article gets a slug from its Vietnamese title, a sanitised body, and is served within 2 s")
  void create() {
    assertThat(page("/sitemap.xml", 200)).as("the sitemap, written before").doesNotContain("da-nang-don-1-trieu-khach-ky-luc-moi");
    JsonObject sent = new JsonObject()
        .put("title", "Đà Nẵng đón 1 triệu khách: kỷ lục mới!")
        .put("summary", "Thành phố biển đón khách quốc tế.")
        .put("body", "<p onclick=\"steal()\">Xin chào <b>Đà Nẵng</b><img src=\"https://example.com/x.png\" onerror=\"alert(1)\">"
            + "<a href=\"javascript:alert(2)\">bấm</a><a href=\"https://example.com/\">nguồn</a></p><script>alert(3)</script>"
            + "<iframe src=\"https://evil.example/\"></iframe>")
        .put("publishedAt", "2026-12-01T08:00:00+07:00")
        .put("imageUrl", "https://example.com/anh.jpg")
        .put("legacyViews", 500);
    HttpResponse<Buffer> created = post("/articles", sent);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject article = created.bodyAsJsonObject();
    assertThat(article.getString("slug")).isEqualTo("da-nang-don-1-trieu-khach-ky-luc-moi");
    assertThat(article.getString("path")).isEqualTo("/articles/da-nang-don-1-trieu-khach-ky-luc-moi");
    String body = article.getString("body");
    assertThat(body).contains("Xin chào <b>Đà Nẵng</b>", "<img src=\"https://example.com/x.png\">", "href=\"https://example.com/\"")
        .doesNotContain("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe");
    assertThat(article.getString("imageUrl")).isEqualTo("https://example.com/anh.jpg");
    assertThat(article.getLong("legacyViews")).isEqualTo(500);
    assertThat(article.getBoolean("published")).isTrue();

    await("the article served").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() -> {
      String page = page("/articles/da-nang-don-1-trieu-khach-ky-luc-moi", 200);
      assertThat(page).contains("Đà Nẵng đón 1 triệu khách: kỷ lục mới!", "Xin chào <b>Đà Nẵng</b>").doesNotContain("alert(");
      assertThat(Reader.shown(page, "views")).as("Lượt xem: the legacy 500 and this view").isEqualTo(501);
    });
    assertThat(page("/sitemap.xml", 200)).as("the sitemap, written again for the new catalog").contains("/articles/da-nang-don-1-trieu-khach-ky-luc-moi");
    assertThat(Sql.scalar(server.app().databaseUrl(),
        "SELECT count(*) FROM article_audit c JOIN articles a ON a.page_id = c.page_id"
            + " WHERE a.slug = 'da-nang-don-1-trieu-khach-ky-luc-moi' AND c.action = 'created' AND c.token_name = 'admin'"))
        .isEqualTo(1);
    assertThat(Sql.scalar(server.app().databaseUrl(),
        "SELECT new_value FROM baseline_audit c JOIN articles a ON a.page_id = c.page_id"
            + " WHERE a.slug = 'da-nang-don-1-trieu-khach-ky-luc-moi'")).isEqualTo(500);
  }

  @Test
  @DisplayName("an article's body may be long (up to 2 MB of request), while the rest of the API keeps its 4 KB limit")
  void longBody() {
    String paragraph = "<p>" + "Một đoạn văn dài. ".repeat(50) + "</p>";
    HttpResponse<Buffer> created = post("/articles", new JsonObject().put("title", "Bài dài").put("body", paragraph.repeat(40)));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("body")).hasSize(paragraph.length() * 40);
    HttpResponse<Buffer> tooLarge = post("/articles", new JsonObject().put("title", "Quá dài").put("body", "x".repeat(3 * 1024 * 1024)));
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    HttpResponse<Buffer> baseline = send(HttpMethod.PUT, "/baselines/site",
        new JsonObject().put("legacyViews", 1).put("padding", "x".repeat(5_000)));
    assertThat(baseline.statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName("a title already taken gets -2, then -3")
  void uniqueSlugs() {
    JsonObject sent = new JsonObject().put("title", "Thời tiết hôm nay").put("body", "<p>Nắng.</p>");
    assertThat(post("/articles", sent).bodyAsJsonObject().getString("slug")).isEqualTo("thoi-tiet-hom-nay");
    assertThat(post("/articles", sent).bodyAsJsonObject().getString("slug")).isEqualTo("thoi-tiet-hom-nay-2");
    assertThat(post("/articles", sent).bodyAsJsonObject().getString("slug")).isEqualTo("thoi-tiet-hom-nay-3");
  }

  @Test
  @DisplayName("a change keeps the article's page and counts, is audited, and shows within 2 s; the same values change nothing")
  void update() {
    String slug = post("/articles", new JsonObject().put("title", "Giá xăng giảm").put("body", "<p>Giảm 500 đồng.</p>"))
        .bodyAsJsonObject().getString("slug");
    await().atMost(WITHIN).pollInterval(Waits.FAST_POLL).until(() -> status("/articles/" + slug) == 200);
    IntStream.range(0, 3).forEach(i -> server.reader().get("/articles/" + slug, Reader.visitor(100 + i)).await());
    PulseTestServer.awaitFlushed(server.app());
    long pageId = pageIdOf(slug);
    long views = server.reader().pageViews(slug);
    assertThat(views).isGreaterThanOrEqualTo(3);

    JsonObject change = new JsonObject().put("title", "Giá xăng giảm mạnh").put("body", "<p>Giảm 1.000 đồng.</p><script>x()</script>");
    HttpResponse<Buffer> changed = send(HttpMethod.PATCH, "/articles/" + slug, change);
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getBoolean("changed")).isTrue();
    assertThat(changed.bodyAsJsonObject().getString("slug")).as("the slug stays").isEqualTo(slug);
    assertThat(changed.bodyAsJsonObject().getString("body")).isEqualTo("<p>Giảm 1.000 đồng.</p>");
    await("the change served").atMost(WITHIN).pollInterval(Waits.FAST_POLL)
        .untilAsserted(() -> assertThat(server.reader().get("/articles/" + slug, null).await().bodyAsString())
            .contains("Giá xăng giảm mạnh", "Giảm 1.000 đồng."));
    assertThat(pageIdOf(slug)).as("same page").isEqualTo(pageId);
    assertThat(server.reader().pageViews(slug)).as("counts kept").isGreaterThanOrEqualTo(views);

    long audited = Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM article_audit WHERE page_id = ?", pageId);
    HttpResponse<Buffer> again = send(HttpMethod.PATCH, "/articles/" + slug, change);
    assertThat(again.bodyAsJsonObject().getBoolean("changed")).isFalse();
    assertThat(Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM article_audit WHERE page_id = ?", pageId))
        .as("nothing audited for no change").isEqualTo(audited);

    JsonObject noImage = send(HttpMethod.PATCH, "/articles/" + slug, new JsonObject().put("imageUrl", "https://example.com/b.jpg"))
        .bodyAsJsonObject();
    assertThat(noImage.getString("imageUrl")).isEqualTo("https://example.com/b.jpg");
    assertThat(send(HttpMethod.PATCH, "/articles/" + slug, new JsonObject().putNull("imageUrl")).bodyAsJsonObject()
        .getString("imageUrl")).as("null removes the image").isNull();
  }

  @Test
  @DisplayName("a withdrawn article is a 404 for readers within 2 s, keeps its page and counts, and comes back with them")
  void unpublish() {
    String slug = post("/articles", new JsonObject().put("title", "Tin sẽ gỡ").put("body", "<p>Nội dung.</p>").put("legacyViews", 40))
        .bodyAsJsonObject().getString("slug");
    await().atMost(WITHIN).pollInterval(Waits.FAST_POLL).until(() -> status("/articles/" + slug) == 200);
    PulseTestServer.awaitFlushed(server.app());
    long pageId = pageIdOf(slug);
    long views = Sql.scalar(server.app().databaseUrl(),
        "SELECT p.legacy_views + coalesce(t.views, 0) FROM pages p LEFT JOIN page_total_views t ON t.page_id = p.id WHERE p.id = ?", pageId);
    assertThat(views).isEqualTo(41);

    HttpResponse<Buffer> withdrawn = send(HttpMethod.POST, "/articles/" + slug + "/unpublish", null);
    assertThat(withdrawn.statusCode()).as(withdrawn.bodyAsString()).isEqualTo(200);
    assertThat(withdrawn.bodyAsJsonObject().getBoolean("published")).isFalse();
    await("readers get 404").atMost(WITHIN).pollInterval(Waits.FAST_POLL).until(() -> status("/articles/" + slug) == 404);
    assertThat(server.reader().get("/", null).await().bodyAsString()).doesNotContain("/articles/" + slug + "\"");
    assertThat(Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM pages WHERE id = ?", pageId)).isEqualTo(1);
    assertThat(Sql.scalar(server.app().databaseUrl(), "SELECT coalesce(sum(views), 0) FROM page_daily_views WHERE page_id = ?", pageId))
        .as("its counted views stay").isEqualTo(1);

    assertThat(send(HttpMethod.POST, "/articles/" + slug + "/unpublish", null).bodyAsJsonObject().getBoolean("changed")).isFalse();
    assertThat(send(HttpMethod.POST, "/articles/" + slug + "/publish", null).statusCode()).isEqualTo(200);
    await("back for readers").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() ->
        assertThat(Reader.shown(page("/articles/" + slug, 200), "views")).isGreaterThanOrEqualTo(42));
    assertThat(Sql.text(server.app().databaseUrl(), "SELECT string_agg(c.action, ',' ORDER BY c.id) FROM article_audit c"
        + " JOIN articles a ON a.page_id = c.page_id WHERE a.slug = '" + slug + "'")).isEqualTo("created,unpublished,republished");
  }

  @Test
  @DisplayName("without a token: 401, and nothing is written")
  void unauthorised() {
    long before = Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM articles");
    HttpResponse<Buffer> refused = admin.send(HttpMethod.POST, "/articles", null, Reader.visitor(9_001),
        new JsonObject().put("title", "Không được phép").put("body", "<p>x</p>"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(admin.send(HttpMethod.POST, "/imports", "Bearer wrong-token-0000000000", Reader.visitor(9_002),
        new JsonObject().put("content", "url,views\n/x,1")).statusCode()).isEqualTo(401);
    assertThat(Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM articles")).isEqualTo(before);
  }

  @Test
  @DisplayName("bad input gets 400 with a message naming what to fix; an unknown slug 404")
  void badInput() {
    assertRefused(post("/articles", new JsonObject().put("body", "<p>x</p>")), "title");
    assertRefused(post("/articles", new JsonObject().put("title", "   ").put("body", "<p>x</p>")), "title");
    assertRefused(post("/articles", new JsonObject().put("title", "Ảnh").put("body", "<p>x</p>")
        .put("imageUrl", "javascript:alert(1)")), "imageUrl");
    assertRefused(post("/articles", new JsonObject().put("title", "Ảnh").put("body", "<p>x</p>")
        .put("imageUrl", "ftp://example.com/a.jpg")), "imageUrl");
    assertRefused(post("/articles", new JsonObject().put("title", "Giờ").put("body", "<p>x</p>")
        .put("publishedAt", "hôm qua")), "publishedAt");
    assertRefused(post("/articles", new JsonObject().put("title", "Số").put("body", "<p>x</p>").put("legacyViews", -1)), "legacyViews");
    assertRefused(post("/articles", new JsonObject().put("title", "Lạ").put("body", "<p>x</p>").put("author", "ai")), "author");
    assertRefused(send(HttpMethod.PATCH, "/articles/thoi-tiet-hom-nay", new JsonObject()), "");
    assertRefused(send(HttpMethod.POST, "/imports", new JsonObject().put("url", "file:///etc/passwd")), "url");
    assertRefused(send(HttpMethod.POST, "/imports", new JsonObject().put("content", "<rss><channel>")), "feed");
    HttpResponse<Buffer> unknown = send(HttpMethod.PATCH, "/articles/khong-co-bai-nay", new JsonObject().put("title", "x"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("khong-co-bai-nay");
    assertThat(send(HttpMethod.POST, "/articles/khong-co-bai-nay/unpublish", null).statusCode()).isEqualTo(404);
  }

  private static void assertRefused(HttpResponse<Buffer> response, String naming) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).as("the message names what to fix").containsIgnoringCase(naming);
  }

  private static HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body);
  }

  private static HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    return admin.send(method, path, "Bearer " + TOKEN, null, body);
  }

  private static int status(String path) {
    return server.reader().get(path, null).await().statusCode();
  }

  private static String page(String path, int status) {
    HttpResponse<Buffer> response = server.reader().get(path, Reader.visitor(7_000)).await();
    assertThat(response.statusCode()).isEqualTo(status);
    return response.bodyAsString();
  }

  private static long pageIdOf(String slug) {
    return Sql.scalar(server.app().databaseUrl(), "SELECT page_id FROM articles WHERE slug = ?", slug);
  }
}
