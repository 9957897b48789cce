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
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

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
    FlushVerticle flusher = new FlushVerticle(ledger, store, calendar, Duration.ofMillis(200), nobodyListens, "here",
        new FlushStatus(ledger, calendar::millis, new SimpleMeterRegistry()), new BatchSpool(dataDir));

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
    pool.close().await();
  }
}
