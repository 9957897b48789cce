package org.portalpulse.publishing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.AdminClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("An article published, changed or withdrawn on one instance reaches the other's pages within 2 s, without a restart")
class ArticlesAcrossInstancesTest {
  private static final String TOKEN = "across-instances-token-5b8e";
  private static final Duration WITHIN = Duration.ofSeconds(2);
  private static RunningServer a;
  private static RunningServer b;
  private static AdminClient adminOnA;

  @BeforeAll
  static void start(Vertx vertx) {
    String database = TestPostgres.newDatabaseUrl();
    a = RunningServer.start(vertx, settings(database), Clock.systemUTC());
    b = RunningServer.start(vertx, settings(database), Clock.systemUTC());
    adminOnA = new AdminClient(vertx, a.app().config().httpPort());
  }

  private static Map<String, String> settings(String database) {
    Map<String, String> settings = PulseTestServer.defaults(database);
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    return settings;
  }

  @AfterAll
  static void stop() {
    adminOnA.close();
    a.close();
    b.close();
  }

  @Test
  @DisplayName("created on A: B serves it, and lists it first on its home page, within 2 s; changed and withdrawn likewise")
  void changesReachTheOtherInstance() {
    assertThat(b.reader().get("/articles/hoi-cho-sach-mua-dong", null).await().statusCode()).isEqualTo(404);

    long sent = System.nanoTime();
    JsonObject created = adminOnA.send(HttpMethod.POST, "/articles", "Bearer " + TOKEN, null, new JsonObject()
        .put("title", "Hội chợ sách mùa đông").put("summary", "Sách mới cho bạn đọc.").put("body", "<p>Khai mạc sáng nay.</p>")
        .put("publishedAt", "2099-01-01T00:00:00Z")).bodyAsJsonObject();
    assertThat(created.getString("slug")).isEqualTo("hoi-cho-sach-mua-dong");
    await("B serving the new article").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() ->
        assertThat(b.reader().get("/articles/hoi-cho-sach-mua-dong", null).await().bodyAsString()).contains("Khai mạc sáng nay."));
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(WITHIN);
    assertThat(b.reader().get("/", null).await().bodyAsString()).as("newest first on B's home page").contains("Hội chợ sách mùa đông");

    adminOnA.send(HttpMethod.PATCH, "/articles/hoi-cho-sach-mua-dong", "Bearer " + TOKEN, null,
        new JsonObject().put("body", "<p>Mở cửa đến 21 giờ.</p>"));
    await("B serving the change").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() ->
        assertThat(b.reader().get("/articles/hoi-cho-sach-mua-dong", null).await().bodyAsString())
            .contains("Mở cửa đến 21 giờ.").doesNotContain("Khai mạc sáng nay."));

    adminOnA.send(HttpMethod.POST, "/articles/hoi-cho-sach-mua-dong/unpublish", "Bearer " + TOKEN, null, null);
    await("B no longer serving it").atMost(WITHIN).pollInterval(Waits.FAST_POLL).untilAsserted(() ->
        assertThat(b.reader().get("/articles/hoi-cho-sach-mua-dong", null).await().statusCode()).isEqualTo(404));
    assertThat(b.reader().get("/", null).await().bodyAsString()).doesNotContain("Hội chợ sách mùa đông");
  }
}
