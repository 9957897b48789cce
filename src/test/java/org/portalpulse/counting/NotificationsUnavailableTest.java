package org.portalpulse.counting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.Database;
import org.portalpulse.db.Migrations;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance whose LISTEN connection cannot be made (a pooler in transaction mode, a firewall) still
 * starts, flushes, and shows the other instances' views, by re-reading the totals every few seconds.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Without notifications, an instance starts and shows the others' views by re-reading")
class NotificationsUnavailableTest {

  @Test
  @DisplayName("LISTEN refused at start: the flusher deploys, writes, and shows another instance's flush within seconds")
  void rereadsWithoutNotifications(Vertx vertx, @TempDir Path dataDir) {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.newDatabaseUrl());
    Migrations.migrate(url);
    PostgresUrl nobodyListens = new PostgresUrl("127.0.0.1", 9, url.database(), url.user(), url.password());
    Pool pool = Database.pool(vertx, url);
    SiteCalendar calendar = new SiteCalendar(Clock.systemUTC(), ZoneId.of("UTC"), DayOfWeek.MONDAY);
    LocalDate today = calendar.today();
    CounterStore store = new CounterStore(pool, "here");
    CounterLedger ledger = new CounterLedger();
    ledger.load(store.load(calendar.weekStartOf(today)).await());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FlushVerticle flusher = new FlushVerticle(ledger, store, calendar, Duration.ofMillis(200), nobodyListens, "here",
        new FlushStatus(ledger, calendar::millis, registry), new BatchSpool(dataDir));

    vertx.deployVerticle(flusher).await();

    HourSlot now = new HourSlot(today, 10, 0, 1);
    ledger.count(now, 0, null);
    await().atMost(Duration.ofSeconds(5)).until(() -> Sql.scalar(url, "SELECT views FROM site_total_views") == 1);
    CounterLedger elsewhere = new CounterLedger();
    for (int i = 0; i < 4; i++) {
      elsewhere.count(now, 0, null);
    }
    new CounterStore(pool, "elsewhere").write(elsewhere.nextBatch()).await();
    await().atMost(FlushVerticle.DEAF_REREAD.plusSeconds(3)).until(() -> ledger.total() == 5);
    assertThat(ledger.day(today)).isEqualTo(5);
    assertThat(registry.get("pulse.peer.notifications.heard").gauge().value()).as("what the alert watches").isZero();
    pool.close().await();
  }

  @Test
  @DisplayName("an instance whose PULSE_PG_LISTEN_URL cannot be reached starts, serves, and shows the other instance's views")
  void instanceWithoutListen(Vertx vertx) {
    String database = TestPostgres.newDatabaseUrl();
    try (RunningServer heard = RunningServer.start(vertx, PulseTestServer.defaults(database), Clock.systemUTC())) {
      Map<String, String> deaf = PulseTestServer.defaults(database);
      PostgresUrl url = PostgresUrl.parse(database);
      deaf.put(PulseConfig.PG_LISTEN_URL, "postgresql://" + url.user() + "@127.0.0.1:9/" + url.database());
      try (RunningServer unheard = RunningServer.start(vertx, deaf, Clock.systemUTC())) {
        String slug = Sql.text(url, "SELECT slug FROM articles ORDER BY slug LIMIT 1");
        long before = unheard.reader().pageViews(slug);
        assertThat(unheard.reader().get("/articles/" + slug, Reader.visitor(1)).await().statusCode()).isEqualTo(200);
        heard.reader().get("/articles/" + slug, Reader.visitor(2)).await();
        await().atMost(FlushVerticle.DEAF_REREAD.plusSeconds(5))
            .until(() -> unheard.reader().pageViews(slug) == before + 2 && heard.reader().pageViews(slug) == before + 2);
      }
    }
  }
}
