package org.portalpulse.presence;

import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.counting.CounterStore;
import org.portalpulse.counting.FlushBatch;
import org.portalpulse.counting.FlushBatch.PageDay;
import org.portalpulse.counting.FlushBatch.SiteHour;
import org.portalpulse.db.Database;
import org.portalpulse.db.SqlQueries;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each simulated instance's flush of a second, through the real statement: {@code pages} pages of the
 * portal viewed, and the notification that tells the others what it added, as one listener hears it.
 */
final class SimulatedFlushes implements AutoCloseable {
  private final PgSubscriber subscriber;
  private final long[] pageIds;
  private final int pages;
  private final AtomicLong heardBytes = new AtomicLong();
  private final AtomicLong heard = new AtomicLong();

  private SimulatedFlushes(PgSubscriber subscriber, long[] pageIds, int pages) {
    this.subscriber = subscriber;
    this.pageIds = pageIds;
    this.pages = pages;
    subscriber.channel(SqlQueries.PEER_FLUSHED_CHANNEL).handler(payload -> {
      heardBytes.addAndGet(payload.getBytes(StandardCharsets.UTF_8).length + SqlQueries.PEER_FLUSHED_CHANNEL.length() + 10);
      heard.incrementAndGet();
    });
  }

  static SimulatedFlushes listen(Vertx vertx, PostgresUrl postgres, Pool pool, int pages) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (Row row : pool.query("SELECT id FROM pages").execute().await()) {
      ids.add(row.getLong(0));
    }
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(postgres));
    SimulatedFlushes flushes = new SimulatedFlushes(subscriber, ids.stream().mapToLong(Long::longValue).toArray(), pages);
    subscriber.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return flushes;
  }

  /** One flush per instance; returns the bytes of the notifications heard (every listener hears them all). */
  long second(SplittableRandom random, List<Pool> pools) throws Exception {
    long bytesBefore = heardBytes.get();
    long expected = heard.get() + pools.size();
    for (int i = 0; i < pools.size(); i++) {
      CounterStore store = new CounterStore(pools.get(i), "instance-" + i);
      store.write(batch(random)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (heard.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return heardBytes.get() - bytesBefore;
  }

  private FlushBatch batch(SplittableRandom random) {
    LocalDate today = LocalDate.now();
    Map<PageDay, Long> pageDays = new HashMap<>();
    for (int p = 0; p < pages; p++) {
      pageDays.merge(new PageDay(today, pageIds[random.nextInt(pageIds.length)]), (long) random.nextInt(1, 6), Long::sum);
    }
    long views = pageDays.values().stream().mapToLong(Long::longValue).sum() + random.nextInt(20); // and a few of no known page
    return new FlushBatch(UUID.randomUUID(), Map.of(new SiteHour(today, 10), views), pageDays, Map.of());
  }

  @Override
  public void close() throws Exception {
    subscriber.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
