package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Views from one address cost an inflater the proof of a browser past a budget, and cost readers nothing")
class AddressBudgetTest {
  private static final int BUDGET = 50;
  private static RunningServer server;
  private static String slug;
  private static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADDRESS_BUDGET, Integer.toString(BUDGET));
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    port = server.app().config().httpPort();
    slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("1 000 GETs from one address, each with a new User-Agent and no browser behind it, add at most the budget")
  void scriptedUserAgentsStopAtTheBudget(Vertx vertx) {
    String address = "203.0.113.7";
    long viewsBefore = server.reader().pageViews(slug);
    long totalBefore = server.reader().siteStats().getLong("total");
    long onlineBefore = server.reader().siteStats().getLong("online");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sent.add(server.reader().request(HttpMethod.GET, "/articles/" + slug, address, userAgent("script", i)));
    }
    Future.all(sent).await();
    assertThat(sent).allMatch(f -> f.result().statusCode() == 200);

    assertThat(server.reader().pageViews(slug) - viewsBefore).as("Lượt xem added").isEqualTo(BUDGET);
    assertThat(server.reader().siteStats().getLong("total") - totalBefore).as("Tất cả added").isEqualTo(BUDGET);
    assertThat(server.reader().siteStats().getLong("online") - onlineBefore).as("Đang online added").isLessThanOrEqualTo(BUDGET);
    assertThat(ScrapedMetrics.scrape(vertx, port).value("pulse_views_not_counted_total{reason=\"address_budget\"}"))
        .as("held views, metered").isGreaterThanOrEqualTo(1_000 - BUDGET);
  }

  @Test
  @DisplayName("200 readers behind one address, each whose page opens its live socket as the page script does, all count")
  void readersBehindOneAddressAllCount(Vertx vertx) {
    String address = "198.51.100.20";
    long viewsBefore = server.reader().pageViews(slug);
    for (int i = 0; i < 200; i++) {
      MultiMap headers = userAgent("reader", i);
      assertThat(server.reader().request(HttpMethod.GET, "/articles/" + slug, address, headers).await().statusCode()).isEqualTo(200);
      // What the page's script does: open /ws/stats?article=slug, from the same browser.
      assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats?article=" + slug, address)
          .putHeader("User-Agent", headers.get("User-Agent")).putHeader("Origin", "http://127.0.0.1:" + port)))
          .isEqualTo(101);
    }
    await("every reader's view counted").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(server.reader().pageViews(slug) - viewsBefore).isEqualTo(200));
    assertThat(ScrapedMetrics.scrape(vertx, port).value("pulse_views_proven_total")).as("proven past the budget").isGreaterThanOrEqualTo(200 - BUDGET);
  }

  @Test
  @DisplayName("a socket proves only a view that was held, and only once")
  void proofCountsOnce(Vertx vertx) {
    String address = "192.0.2.44";
    for (int i = 0; i < BUDGET; i++) {
      server.reader().request(HttpMethod.GET, "/", address, userAgent("filler", i)).await();
    }
    long viewsBefore = server.reader().pageViews(slug);
    MultiMap headers = userAgent("late-reader", 1);
    server.reader().request(HttpMethod.GET, "/articles/" + slug, address, headers).await();
    assertThat(server.reader().pageViews(slug)).as("held, past the budget").isEqualTo(viewsBefore);
    for (int socket = 0; socket < 3; socket++) {
      LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats?article=" + slug, address)
          .putHeader("User-Agent", headers.get("User-Agent")).putHeader("Origin", "http://127.0.0.1:" + port));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.reader().pageViews(slug) == viewsBefore + 1);
    // A socket with no view held counts nothing, whoever opens it.
    LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats?article=" + slug, address)
        .putHeader("User-Agent", userAgent("never-viewed", 1).get("User-Agent")).putHeader("Origin", "http://127.0.0.1:" + port));
    assertThat(server.reader().pageViews(slug)).isEqualTo(viewsBefore + 1);
  }

  private static MultiMap userAgent(String who, int n) {
    return MultiMap.caseInsensitiveMultiMap().add("User-Agent",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0." + who.length() + "." + n
            + " Safari/537.36 " + who);
  }
}
