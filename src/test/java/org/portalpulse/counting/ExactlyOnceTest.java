package org.portalpulse.counting;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.Database;
import org.portalpulse.db.Migrations;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("A flush is applied exactly once, even when it is sent again")
class ExactlyOnceTest {

  @Test
  @DisplayName("A batch replayed after a lost commit acknowledgement adds nothing, and the counters stay right")
  void replayedBatchCountsOnce(Vertx vertx) {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.newDatabaseUrl());
    Migrations.migrate(url);
    Sql.execute(url, "INSERT INTO articles (slug, title, summary, body, published_at) VALUES ('a', 'A', 'a', 'a', now())");
    Sql.execute(url, "UPDATE pages SET legacy_views = 100 WHERE path = '/articles/a'");
    long articleId = Sql.scalar(url, "SELECT id FROM pages WHERE path = '/articles/a'");
    Pool pool = Database.pool(vertx, url);
    CounterStore store = new CounterStore(pool, "test");
    LocalDate day = LocalDate.parse("2026-11-29");
    CounterLedger ledger = new CounterLedger();
    ledger.load(store.load(day).await());

    HourSlot ten = new HourSlot(day, 10, 0, 1);
    HourSlot eleven = new HourSlot(day, 11, 1, 2);
    for (int i = 0; i < 5; i++) {
      ledger.count(ten, articleId, new VisitorId(i, i));
    }
    ledger.count(eleven, 0, new VisitorId(9, 9));
    FlushBatch batch = ledger.nextBatch();

    CounterStore.FlushOutcome first = store.write(batch).await(); // committed, but say its answer was lost
    CounterStore.FlushOutcome replay = store.write(batch).await();
    ledger.acknowledge(batch);

    assertThat(first.applied()).isTrue();
    assertThat(first.xid()).isPositive();
    assertThat(replay.applied()).isFalse();
    assertThat(replay.xid()).isEqualTo(-1);
    assertThat(Sql.scalar(url, "SELECT views FROM site_total_views")).isEqualTo(6);
    assertThat(Sql.scalar(url, "SELECT sum(views) FROM site_hourly_views")).isEqualTo(6);
    assertThat(Sql.scalar(url, "SELECT views FROM page_total_views WHERE page_id = ?", articleId)).isEqualTo(5);
    assertThat(Sql.scalar(url, "SELECT views FROM page_daily_views WHERE page_id = ?", articleId)).isEqualTo(5);
    assertThat(Sql.scalar(url, "SELECT coalesce(sum(visitors), 0) FROM daily_unique_visitors")).isEqualTo(6);
    assertThat(Sql.scalar(url, "SELECT count(*) FROM flush_batches")).isEqualTo(1);
    assertThat(ledger.total()).isEqualTo(6);
    assertThat(ledger.day(day)).isEqualTo(6);
    assertThat(ledger.page(articleId)).isEqualTo(105);
    assertThat(ledger.unflushed()).isZero();
    assertThat(ledger.nextBatch().isEmpty()).isTrue();
    pool.close().await();
  }
}
