package org.portalpulse.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
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
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.support.Waits.awaitOnline;
import static org.portalpulse.support.Waits.onlineHoldsFor;

@ExtendWith(VertxExtension.class)
@DisplayName("Two instances behind a load balancer share one PostgreSQL and nothing else")
class MultiInstanceTest {
  private static final Duration WITHIN = Duration.ofSeconds(2);
  private static RunningServer a;
  private static RunningServer b;
  private static String slug;

  @BeforeAll
  static void start(Vertx vertx) {
    String database = TestPostgres.newDatabaseUrl();
    a = RunningServer.start(vertx, settings(database), Clock.systemUTC());
    b = RunningServer.start(vertx, settings(database), Clock.systemUTC());
    slug = Sql.text(a.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
  }

  private static Map<String, String> settings(String database) {
    Map<String, String> settings = PulseTestServer.defaults(database);
    settings.put(PulseConfig.ONLINE_WINDOW, "1"); // online is then who has a page open
    return settings;
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  @Test
  @DisplayName("a view on instance A reaches a page open on instance B within 2 s")
  void viewOnAReachesB(Vertx vertx) {
    try (LiveClient onB = LiveClient.open(vertx, port(b), "/ws/stats?article=" + slug, Reader.visitor(1))) {
      JsonObject first = onB.latest(WITHIN);
      long views = first.getLong("views");

      long sent = System.nanoTime();
      String page = a.reader().get("/articles/" + slug, Reader.visitor(2)).await().bodyAsString();
      assertThat(Reader.shown(page, "views")).isEqualTo(views + 1);

      JsonObject moved = onB.awaitFrame(f -> f.getLong("views") == views + 1, WITHIN, "on B showing the view made on A");
      assertThat(moved.getLong("today")).isEqualTo(first.getLong("today") + 1);
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(WITHIN);
    }
  }

  @Test
  @DisplayName("a visitor with pages open on both instances is one visitor online on both")
  void onlineIsDistinctAcrossInstances(Vertx vertx) {
    // Visitors of the other tests leave first (a 1 s online window, 3 s after a page closes): one still
    // counted on B as these pages open would show on A as a third visitor until B's next image.
    awaitOnline(0, Duration.ofSeconds(10), "nobody online before the pages open", a.reader(), b.reader());
    try (LiveClient xOnA = LiveClient.open(vertx, port(a), "/ws/stats", Reader.visitor(11));
         LiveClient xOnB = LiveClient.open(vertx, port(b), "/ws/stats", Reader.visitor(11));
         LiveClient yOnB = LiveClient.open(vertx, port(b), "/ws/stats", Reader.visitor(12))) {
      xOnA.awaitFrame(f -> f.getLong("online") == 2, Duration.ofSeconds(10), "on A counting two visitors");
      yOnB.awaitFrame(f -> f.getLong("online") == 2, Duration.ofSeconds(10), "on B counting two visitors");
      onlineHoldsFor(Duration.ofSeconds(2), 2, "two on A and on B: the visitor on both is not counted twice later", a.reader(), b.reader());
    }
  }

  @Test
  @DisplayName("views spread over both instances add up exactly, and both show the same totals")
  void exactTotalsAcrossInstances() {
    long before = Sql.scalar(a.app().databaseUrl(), "SELECT views FROM site_total_views");
    long articleBefore = a.reader().pageViews(slug);
    int views = 2_000;
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < views; i++) {
      RunningServer target = i % 2 == 0 ? a : b;
      sent.add(target.reader().get("/articles/" + slug, Reader.visitor(10_000 + i)));
    }
    Future.all(sent).await();
    assertThat(sent).allMatch(f -> f.result().statusCode() == 200);
    PulseTestServer.awaitFlushed(a.app());
    PulseTestServer.awaitFlushed(b.app());

    long stored = Sql.scalar(a.app().databaseUrl(), "SELECT views FROM site_total_views");
    long storedTotal = stored + Sql.siteLegacyViews(a.app().databaseUrl());
    assertThat(stored - before).isEqualTo(views);
    await("both instances showing the stored totals and the article's views").atMost(WITHIN).pollInterval(Waits.FAST_POLL)
        .untilAsserted(() -> {
          JsonObject onA = a.reader().siteStats();
          JsonObject onB = b.reader().siteStats();
          assertThat(onA.getLong("total")).as("total on A = stored, legacy total included").isEqualTo(storedTotal);
          assertThat(onB.getLong("total")).as("total on B = stored, legacy total included").isEqualTo(storedTotal);
          assertThat(onB.getLong("today")).as("today on B, as on A").isEqualTo(onA.getLong("today"));
          assertThat(onB.getLong("week")).as("week on B, as on A").isEqualTo(onA.getLong("week"));
          assertThat(a.reader().pageViews(slug)).as("Lượt xem on A").isEqualTo(articleBefore + views);
          assertThat(b.reader().pageViews(slug)).as("Lượt xem on B").isEqualTo(articleBefore + views);
        });
  }

  @Test
  @DisplayName("a visitor who viewed a page on A and has it open on B drops from online on both soon after closing it")
  void leavingIsSeenAcrossInstances(Vertx vertx) {
    String database = TestPostgres.newDatabaseUrl();
    // The default online window: a page view alone would keep the visitor online for 5 minutes.
    try (RunningServer onA = RunningServer.start(vertx, PulseTestServer.defaults(database), Clock.systemUTC());
         RunningServer onB = RunningServer.start(vertx, PulseTestServer.defaults(database), Clock.systemUTC())) {
      String visitor = Reader.visitor(21);
      onA.reader().get("/articles/" + slug, visitor).await();
      try (LiveClient page = LiveClient.open(vertx, port(onB), "/ws/stats?article=" + slug, visitor)) {
        page.awaitFrame(f -> f.getLong("online") == 1, Duration.ofSeconds(5), "counting the one visitor");
        onlineHoldsFor(Duration.ofSeconds(2), 1, "one on A while the page is open on B", onA.reader());
      }
      awaitOnline(0, Duration.ofSeconds(10), "none on A and B, 10 s after the page on B closed", onA.reader(), onB.reader());
    }
  }

  private static int port(RunningServer server) {
    return server.app().config().httpPort();
  }
}
