package org.portalpulse.counting;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.Database;
import org.portalpulse.db.Migrations;
import org.portalpulse.db.SqlQueries;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL, the real statements and notifications: B adds A's flushes from
 * their notifications alone, and a full re-read around them counts each exactly once, whichever comes
 * first, because the read's snapshot tells which of them it holds.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Another instance's flushes are added from their notifications, each exactly once around re-reads")
class PeerDeltasTest {
  private static final LocalDate DAY = LocalDate.parse("2026-12-04");

  private PostgresUrl url;
  private Pool pool;
  private PgSubscriber subscriber;
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
  private long page;

  @BeforeEach
  void database(Vertx vertx) {
    url = PostgresUrl.parse(TestPostgres.newDatabaseUrl());
    Migrations.migrate(url);
    Sql.execute(url, "INSERT INTO articles (slug, title, summary, body, published_at) VALUES ('a', 'A', 'a', 'a', now())");
    Sql.execute(url, "UPDATE pages SET legacy_views = 100 WHERE path = '/articles/a'");
    page = Sql.scalar(url, "SELECT id FROM pages WHERE path = '/articles/a'");
    pool = Database.pool(vertx, url);
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(url));
    subscriber.channel(SqlQueries.PEER_FLUSHED_CHANNEL).handler(heard::add);
    subscriber.connect().await();
  }

  @AfterEach
  void close() {
    subscriber.close().await();
    pool.close().await();
  }

  @Test
  @DisplayName("a read's snapshot holds the commits before it and none of a transaction still open")
  void snapshotTellsCommitsApart() {
    CounterStore store = new CounterStore(pool, "b");
    SqlConnection connection = pool.getConnection().await();
    Transaction open = connection.begin().await();
    connection.query("UPDATE site_total_views SET views = views + 1").execute().await();
    long xid = Long.parseLong(connection.query("SELECT pg_current_xact_id()::text AS x").execute().await().iterator().next().getString("x"));

    assertThat(store.load(DAY).await().snapshot().includes(xid)).isFalse();
    open.commit().await();
    connection.close().await();
    assertThat(store.load(DAY).await().snapshot().includes(xid)).isTrue();
    assertThat(store.load(DAY).await().snapshot().includes(xid - 1)).as("an older transaction, long over").isTrue();
  }

  @Test
  @DisplayName("deltas heard before, during and after a re-read, committed before or after its snapshot, each count once")
  void eachDeltaOnce() throws InterruptedException {
    CounterStore a = new CounterStore(pool, "a");
    CounterStore bStore = new CounterStore(pool, "b");
    CounterLedger b = new CounterLedger();
    b.load(bStore.load(DAY).await());
    PeerDeltas deltas = new PeerDeltas(b);

    deltas.heard(flush(a, 3));                         // no read yet: added
    assertShows(b, 3);

    String duringRead = payloadOf(a, 4);               // committed before the read's snapshot...
    deltas.readStarted();
    StoredTotals read = bStore.load(DAY).await();
    String afterSnapshot = payloadOf(a, 5);            // ...and one after it
    deltas.heard(PeerFlush.parse(duringRead));         // both heard before the read's answer
    deltas.heard(PeerFlush.parse(afterSnapshot));
    deltas.readDone(read);
    assertShows(b, 12);

    String late = payloadOf(a, 6);                     // committed before the next read, heard after its answer
    deltas.readStarted();
    deltas.readDone(bStore.load(DAY).await());
    assertShows(b, 18);
    deltas.heard(PeerFlush.parse(late));
    assertShows(b, 18);

    deltas.heard(flush(a, 7));                         // after it all: added
    assertShows(b, 25);
  }

  private void assertShows(CounterLedger ledger, long views) {
    assertThat(Sql.scalar(url, "SELECT views FROM site_total_views")).as("stored").isEqualTo(views);
    assertThat(ledger.total()).as("site total").isEqualTo(views);
    assertThat(ledger.day(DAY)).as("day").isEqualTo(views);
    assertThat(ledger.page(page)).as("page, 100 legacy views").isEqualTo(100 + views);
  }

  private PeerFlush flush(CounterStore store, int views) throws InterruptedException {
    return PeerFlush.parse(payloadOf(store, views));
  }

  /** Flushes {@code views} on the page as another instance and returns its notification, as heard. */
  private String payloadOf(CounterStore store, int views) throws InterruptedException {
    CounterLedger counted = new CounterLedger();
    for (int i = 0; i < views; i++) {
      counted.count(new HourSlot(DAY, 10, 0, 1), page, null);
    }
    assertThat(store.write(counted.nextBatch()).await().applied()).isTrue();
    String payload = heard.poll(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(payload).as("notification").isNotNull().startsWith("2|a|");
    return payload;
  }
}
