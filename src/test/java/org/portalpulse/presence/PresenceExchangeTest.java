package org.portalpulse.presence;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.awaitility.Awaitility;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(VertxExtension.class)
@DisplayName("Instances agree on Đang online through PostgreSQL, each downloading another's image only when it changed")
class PresenceExchangeTest {

  @Test
  @DisplayName("two instances of 400 visitors, 100 on both: exactly 700 on each; an unchanged image is not sent or fetched again")
  void smallSetsExactly(Vertx vertx) {
    PostgresUrl url = migrated();
    PresenceExchange a = exchange(vertx, url, "a");
    PresenceExchange b = exchange(vertx, url, "b");
    long[] onA = keys(0, 400);
    long[] onB = keys(300, 700);
    a.share(onA, List.of()).await();
    b.share(onB, List.of()).await();
    PresenceExchange.Shared seenByA = a.share(onA, List.of()).await();
    assertThat(seenByA.online()).isEqualTo(700);
    assertThat(seenByA.bytesReceived()).as("b's 400 keys").isGreaterThanOrEqualTo(400 * 8);
    assertThat(b.share(onB, List.of()).await().online()).isEqualTo(700);

    PresenceExchange.Shared again = a.share(onA, List.of()).await();
    assertThat(again.online()).isEqualTo(700);
    assertThat(again.bytesReceived()).as("b's image unchanged: not downloaded").isLessThan(100);
    assertThat(again.bytesSent()).as("a's image unchanged: not sent").isLessThan(100);
  }

  @Test
  @DisplayName("two instances of 5 000 visitors, 1 000 on both: 9 000 within 2 %, from sketches of a few KB")
  void largeSetsWithinTwoPercent(Vertx vertx) {
    PostgresUrl url = migrated();
    PresenceExchange a = exchange(vertx, url, "a");
    PresenceExchange b = exchange(vertx, url, "b");
    long[] onA = keys(0, 5_000);
    long[] onB = keys(4_000, 9_000);
    a.share(onA, List.of()).await();
    b.share(onB, List.of()).await();
    PresenceExchange.Shared seenByA = a.share(onA, List.of()).await();
    assertThat(seenByA.online()).isCloseTo(9_000L, within(180L));
    assertThat(seenByA.bytesReceived()).as("a sketch, not 5 000 keys").isLessThan(5_000 * 8 / 2);
    assertThat(Sql.scalar(url, "SELECT count(*) FROM presence_images WHERE sketch IS NOT NULL")).isEqualTo(2);
  }

  @Test
  @DisplayName("an instance that stops sharing no longer counts after the silence timeout; one that stops cleanly, at once")
  void silentAndStopped(Vertx vertx) {
    PostgresUrl url = migrated();
    PresenceExchange a = exchange(vertx, url, "a");
    PresenceExchange b = exchange(vertx, url, "b");
    PresenceExchange c = exchange(vertx, url, "c");
    a.share(keys(0, 10), List.of()).await();
    b.share(keys(10, 20), List.of()).await();
    c.share(keys(20, 30), List.of()).await();
    assertThat(a.share(keys(0, 10), List.of()).await().online()).isEqualTo(30);

    c.forget().await();
    assertThat(a.share(keys(0, 10), List.of()).await().online()).as("c stopped cleanly").isEqualTo(20);

    Sql.execute(url, "UPDATE presence_images SET seen_at = now() - interval '6 seconds' WHERE instance = 'b'");
    PresenceExchange.Shared alone = a.share(keys(0, 10), List.of()).await();
    assertThat(alone.othersRunning()).as("b went silent").isFalse();
    assertThat(alone.online()).isEqualTo(10);
    assertThat(Sql.scalar(url, "SELECT count(*) FROM presence_images")).as("b's image dropped").isEqualTo(1);
  }

  @Test
  @DisplayName("an instance whose row was dropped as silent, its visitors unchanged, is counted again from its next share")
  void droppedAndBack(Vertx vertx) {
    PostgresUrl url = migrated();
    PresenceExchange a = exchange(vertx, url, "a");
    PresenceExchange b = exchange(vertx, url, "b");
    long[] onA = keys(0, 10);
    long[] onB = keys(10, 30);
    a.share(onA, List.of()).await();
    b.share(onB, List.of()).await();
    assertThat(a.share(onA, List.of()).await().online()).isEqualTo(30);

    Sql.execute(url, "DELETE FROM presence_images WHERE instance = 'b'"); // as a share after an outage drops it
    assertThat(a.share(onA, List.of()).await().online()).as("b gone").isEqualTo(10);
    b.share(onB, List.of()).await(); // unchanged: no image sent, and the row made again without one
    b.share(onB, List.of()).await();
    assertThat(a.share(onA, List.of()).await().online()).as("b's 20 back").isEqualTo(30);
  }

  @Test
  @DisplayName("announcements are sent even while no other instance is live, and reach a listener")
  void announcementsWhileAlone(Vertx vertx) {
    PostgresUrl url = migrated();
    List<String> heard = new CopyOnWriteArrayList<>();
    PgSubscriber listener = PgSubscriber.subscriber(vertx, Database.connectOptions(url));
    listener.channel(SqlQueries.PRESENCE_CHANNEL).handler(heard::add);
    listener.connect().await();
    try {
      exchange(vertx, url, "a").share(keys(0, 3), List.of("ff,10")).await();
      Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("a ff,10"));
    } finally {
      listener.close().await();
    }
  }

  private static PresenceExchange exchange(Vertx vertx, PostgresUrl url, String instance) {
    return new PresenceExchange(Database.pool(vertx, url), instance);
  }

  private static PostgresUrl migrated() {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.newDatabaseUrl());
    Migrations.migrate(url);
    return url;
  }

  /** Presence keys are hashes; the same n gives the same key on every instance. */
  private static long[] keys(long from, long to) {
    return LongStream.range(from, to).map(n -> new SplittableRandom(n).nextLong()).toArray();
  }
}
