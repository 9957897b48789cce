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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
    // Visitors of the other tests (a 1 s online window) leave first; then only these pages count.
    try (LiveClient xOnA = LiveClient.open(vertx, port(a), "/ws/stats", Reader.visitor(11));
         LiveClient xOnB = LiveClient.open(vertx, port(b), "/ws/stats", Reader.visitor(11));
         LiveClient yOnB = LiveClient.open(vertx, port(b), "/ws/stats", Reader.visitor(12))) {
      xOnA.awaitFrame(f -> f.getLong("online") == 2, Duration.ofSeconds(10), "on A counting two visitors");
      yOnB.awaitFrame(f -> f.getLong("online") == 2, Duration.ofSeconds(10), "on B counting two visitors");
      PulseTestServer.sleep(2_000); // and it stays two: the visitor on both is not counted twice later
      assertThat(a.reader().siteStats().getLong("online")).isEqualTo(2);
      assertThat(b.reader().siteStats().getLong("online")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("views spread over both instances add up exactly, and both show the same totals")
  void exactTotalsAcrossInstances() {
    long before = Sql.scalar(a.app().databaseUrl(), "SELECT views FROM site_total_views");
    long articleBefore = a.reader().articleViews(slug);
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
    assertThat(stored - before).isEqualTo(views);
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline && !(sameTotals(stored) && sameArticleViews(articleBefore + views))) {
      PulseTestServer.sleep(20);
    }
    assertThat(sameTotals(stored)).as("today, week and total on A and B, and total = stored %d", stored).isTrue();
    assertThat(a.reader().articleViews(slug)).isEqualTo(articleBefore + views);
    assertThat(b.reader().articleViews(slug)).isEqualTo(articleBefore + views);
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
        PulseTestServer.sleep(2_000);
        assertThat(onA.reader().siteStats().getLong("online")).isEqualTo(1);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline
          && (onA.reader().siteStats().getLong("online") != 0 || onB.reader().siteStats().getLong("online") != 0)) {
        PulseTestServer.sleep(100);
      }
      assertThat(onA.reader().siteStats().getLong("online")).as("online on A, 10 s after the page on B closed").isZero();
      assertThat(onB.reader().siteStats().getLong("online")).as("online on B").isZero();
    }
  }

  private static boolean sameTotals(long stored) {
    JsonObject onA = a.reader().siteStats();
    JsonObject onB = b.reader().siteStats();
    return onA.getLong("total") == stored && onB.getLong("total") == stored
        && onA.getLong("today").equals(onB.getLong("today")) && onA.getLong("week").equals(onB.getLong("week"));
  }

  private static boolean sameArticleViews(long expected) {
    return a.reader().articleViews(slug) == expected && b.reader().articleViews(slug) == expected;
  }

  private static int port(RunningServer server) {
    return server.app().config().httpPort();
  }
}
