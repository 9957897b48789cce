package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.agrona.collections.LongHashSet;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.counting.CounterStore;
import org.portalpulse.db.Database;
import org.portalpulse.db.Migrations;
import org.portalpulse.db.SqlQueries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What agreeing on "Đang online" costs, for N instances and R readers online: N simulated instances,
 * each with a connection of its own, run the real statement once per simulated second against a real
 * PostgreSQL, with synthetic visitor sets (a tenth of the readers on two instances, 2 % replaced every
 * second, every reader with a page open). Beside today's design (images, {@code SqlQueries.SHARE_PRESENCE}),
 * the design before issue 15, whose statement is kept here ({@link #BEFORE}): every instance's whole
 * online set and open pages, every second. Each simulated second also has what keeps each instance's
 * totals up to date with the others' flushes: before, a re-read of the pages each flush named, per
 * flush heard; now, every instance's flush through the real statement, whose notification carries its
 * deltas ({@link SimulatedFlushes}), and the full re-read each instance makes once a minute. Prints
 * one Markdown row per design, N and R: PostgreSQL's execution time per simulated second, the median
 * share as an instance waits for it, the bytes each instance sends and receives per second (and receives for presence
 * alone: images, heartbeat rows, announcements), and the online count's error
 * against the truth. Run by {@code bench/presence.sh}.
 */
public final class PresenceSimulation {
  /** {@code SHARE_PRESENCE} before issue 15, on its table ({@code V2}, {@code V4}), renamed to stand beside today's. */
  private static final String BEFORE_TABLE = """
      CREATE UNLOGGED TABLE IF NOT EXISTS online_presence_before (
        instance text PRIMARY KEY, visitors bigint[] NOT NULL, open_pages bigint[] NOT NULL DEFAULT '{}', seen_at timestamptz NOT NULL)
      """;
  private static final String BEFORE = """
      WITH mine AS (
        INSERT INTO online_presence_before (instance, visitors, open_pages, seen_at) VALUES ($1, $2, $3, now())
        ON CONFLICT (instance) DO UPDATE
        SET visitors = EXCLUDED.visitors, open_pages = EXCLUDED.open_pages, seen_at = EXCLUDED.seen_at
      ), silent AS (
        DELETE FROM online_presence_before WHERE instance <> $1 AND seen_at < now() - make_interval(secs => 5)
      ), others AS (
        SELECT visitors, open_pages FROM online_presence_before
        WHERE instance <> $1 AND seen_at >= now() - make_interval(secs => 5)
      )
      SELECT (SELECT count(DISTINCT v) FROM (
                SELECT unnest($2::bigint[]) AS v UNION ALL SELECT unnest(visitors) FROM others) everyone) AS online,
             (SELECT coalesce(array_agg(DISTINCT v), '{}') FROM others, unnest(others.open_pages) AS v) AS open_elsewhere
      """;
  /** The re-read of the pages another instance's flush named, before its notification carried its deltas. */
  private static final String REREAD_BEFORE = """
      SELECT (SELECT views FROM site_total_views) + (SELECT legacy_views FROM site_baseline) AS site_total,
             d.days, d.day_views, a.ids, a.page_views
      FROM (SELECT array_agg(day ORDER BY day) AS days, array_agg(views ORDER BY day) AS day_views
            FROM (SELECT day, sum(views)::bigint AS views FROM site_hourly_views WHERE day >= $1 GROUP BY day) x) d,
           (SELECT array_agg(p.id) AS ids, array_agg(p.legacy_views + coalesce(t.views, 0)) AS page_views
            FROM pages p LEFT JOIN page_total_views t ON t.page_id = p.id
            WHERE p.id = ANY($2::bigint[])) a
      """;
  private static final int SAFETY_REREAD_SECONDS = 60;
  private static final int SHARED_FRACTION = 10;
  private static final int CHURN_PERCENT = 2;
  /** A reader's page stays open about a minute: so many sockets open per second, per reader online. */
  private static final int DWELL_SECONDS = 60;

  private static final int PORTAL_PAGES = 10_000;
  /** Pages named by one instance's flush of a second: a busy portal's. */
  private static final int PAGES_PER_FLUSH = 150;
  private static final LocalDate WEEK_START = LocalDate.now().minusDays(6);
  /** The design before is slow at this size: one measured round of it is enough. */
  private static final int SLOW_BEFORE_READERS = 500_000;

  private final Vertx vertx;
  private final int rounds;
  private final Pool statistics;

  private PresenceSimulation(Vertx vertx, int rounds, Pool statistics) {
    this.vertx = vertx;
    this.rounds = rounds;
    this.statistics = statistics;
  }

  /** Arguments: a postgresql:// URL, instance counts (2,5,10), reader counts (10000,100000), rounds. */
  public static void main(String[] args) throws Exception {
    PostgresUrl postgres = PostgresUrl.parse(args[0]);
    Migrations.migrate(postgres);
    Vertx vertx = Vertx.vertx();
    PresenceSimulation simulation = new PresenceSimulation(vertx, Integer.parseInt(args[3]), Database.pool(vertx, postgres));
    System.out.println("| design | instances | readers | PostgreSQL s per s: presence | peer refresh | together | one share ms (median, with sketching) | KB/s sent per instance | KB/s received per instance | of which presence | online error |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    fillPortal(postgres, vertx);
    for (String n : args[1].split(",")) {
      for (String r : args[2].split(",")) {
        int instances = Integer.parseInt(n);
        int readers = Integer.parseInt(r);
        System.out.println(simulation.run(postgres, instances, readers, Design.BEFORE));
        System.out.println(simulation.run(postgres, instances, readers, Design.IMAGES_ROUND_ROBIN));
        System.out.println(simulation.run(postgres, instances, readers, Design.IMAGES_STICKY));
      }
    }
    await(vertx.close());
  }

  private enum Design {
    BEFORE("before (whole sets)"),
    /** Behind a balancer that spreads requests: most pages' sockets open on another instance than their view. */
    IMAGES_ROUND_ROBIN("images, round robin"),
    /** Behind a balancer that sends a reader to one instance: nothing to announce. */
    IMAGES_STICKY("images, sticky");

    private final String name;

    Design(String name) {
      this.name = name;
    }
  }

  private String run(PostgresUrl postgres, int instances, int readers, Design design) throws Exception {
    boolean before = design == Design.BEFORE;
    int measuredRounds = before && readers >= SLOW_BEFORE_READERS ? 1 : rounds;
    SplittableRandom random = new SplittableRandom(instances * 1_000_003L + readers);
    long[][] keys = visitorSets(random, instances, readers);
    List<Pool> pools = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        pools.add(Database.pool(vertx, postgres));
      }
      await(pools.get(0).query(BEFORE_TABLE).execute());
      await(pools.get(0).query("TRUNCATE online_presence_before, presence_images").execute());
      PresenceExchange[] exchanges = new PresenceExchange[instances];
      for (int i = 0; i < instances; i++) {
        exchanges[i] = new PresenceExchange(pools.get(i), "instance-" + i);
      }
      SimulatedFlushes flushes = before ? null : SimulatedFlushes.listen(vertx, postgres, pools.get(0), PAGES_PER_FLUSH);
      List<Double> statementMillis = new ArrayList<>();
      double cpu = 0;
      double refresh = 0;
      long sent = 0;
      long received = 0;
      long presenceReceived = 0;
      double worstError = 0;
      int measured = 0;
      for (int round = 0; round < measuredRounds + 1; round++) { // the first round fills the table and is not measured
        churn(random, keys);
        List<List<String>> announced = announcements(random, instances, design == Design.IMAGES_ROUND_ROBIN ? readers : 0);
        long announcedBytes = announced.stream().flatMap(List::stream).mapToLong(p -> p.length() + 14).sum();
        statementSeconds();
        long roundSent = 0;
        long roundReceived = 0;
        long online = 0;
        for (int i = 0; i < instances; i++) {
          long start = System.nanoTime();
          PresenceExchange.Shared shared = before
              ? shareBefore(pools.get(i), "instance-" + i, keys[i])
              : await(exchanges[i].share(keys[i], announced.get(i)));
          statementMillis.add((System.nanoTime() - start) / 1e6);
          roundSent += shared.bytesSent();
          roundReceived += shared.bytesReceived();
          if (i == 0) {
            online = shared.online();
          }
        }
        if (!before) {
          roundReceived += announcedBytes * (instances - 1); // every instance hears every other's announcements
        }
        long roundPresenceReceived = roundReceived; // before the totals' share is added below
        double refreshCpu;
        double roundCpu;
        if (before) {
          for (int i = 0; i < instances; i++) {
            long[] io = rereadBefore(pools.get(i), random, instances);
            roundSent += io[0];
            roundReceived += io[1];
          }
          double[] seconds = statementSeconds();
          roundCpu = seconds[0];
          refreshCpu = seconds[1];
        } else {
          roundCpu = statementSeconds()[0];
          roundReceived += flushes.second(random, pools) * instances; // every instance hears every flush, its own too
          // The safety re-read, once a minute per instance: one read, as N / 60 of them.
          roundReceived += await(new CounterStore(pools.get(round % instances), "reader").load(WEEK_START)).pages().size() * 16L
              * instances / SAFETY_REREAD_SECONDS;
          refreshCpu = statementSeconds()[1] * instances / SAFETY_REREAD_SECONDS;
        }
        if (round > 0) {
          measured++;
          cpu += roundCpu;
          refresh += refreshCpu;
          sent += roundSent;
          received += roundReceived;
          presenceReceived += roundPresenceReceived;
          long truth = distinct(keys);
          worstError = Math.max(worstError, Math.abs(online - truth) / (double) truth);
        }
      }
      if (flushes != null) {
        flushes.close();
      }
      statementMillis.sort(Double::compare);
      return String.format("| %s | %d | %,d | %.3f | %.3f | **%.3f** | %.1f | %.1f | %.1f | %.1f | %.2f %% |",
          design.name, instances, readers,
          cpu / measured, refresh / measured, (cpu + refresh) / measured, statementMillis.get(statementMillis.size() / 2),
          sent / 1024.0 / measured / instances, received / 1024.0 / measured / instances,
          presenceReceived / 1024.0 / measured / instances, worstError * 100);
    } finally {
      for (Pool pool : pools) {
        await(pool.close());
      }
    }
  }

  private static PresenceExchange.Shared shareBefore(Pool pool, String instance, long[] keys) throws Exception {
    Long[] visitors = Arrays.stream(keys).boxed().toArray(Long[]::new);
    // Every reader has a page open: the open pages are the visitors.
    Row row = await(pool.preparedQuery(BEFORE).execute(Tuple.of(instance, visitors, visitors))).iterator().next();
    return new PresenceExchange.Shared(true, row.getLong("online"), keys.length * 16L,
        row.getArrayOfLongs("open_elsewhere").length * 8L);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  /**
   * One instance's re-reads of a second before issue 15: one read per flush heard, of the
   * {@value #PAGES_PER_FLUSH} pages it named. Returns the bytes sent and received.
   */
  private static long[] rereadBefore(Pool pool, SplittableRandom random, int instances) throws Exception {
    long sent = 0;
    long received = 0;
    for (int r = 0; r < instances - 1; r++) {
      Long[] pages = random.longs(PAGES_PER_FLUSH, 1, PORTAL_PAGES + 1).boxed().toArray(Long[]::new);
      Row row = await(pool.preparedQuery(REREAD_BEFORE).execute(Tuple.tuple().addLocalDate(WEEK_START).addArrayOfLong(pages))).iterator().next();
      sent += pages.length * 8L;
      received += row.getArrayOfLongs("ids").length * 16L + row.getArrayOfLongs("day_views").length * 12L + 8;
    }
    return new long[] {sent, received};
  }

  /** A portal's worth of pages, each viewed, and a week of hourly views: what a re-read reads. */
  private static void fillPortal(PostgresUrl postgres, Vertx vertx) throws Exception {
    Pool pool = Database.pool(vertx, postgres);
    try {
      await(pool.query("INSERT INTO articles (slug, title, summary, body, published_at) SELECT 'sim-' || g, 'Bài ' || g, 'Tóm tắt', "
          + "'Nội dung', now() - make_interval(hours => g) FROM generate_series(1, " + PORTAL_PAGES + ") g ON CONFLICT DO NOTHING").execute());
      await(pool.query("INSERT INTO page_total_views (page_id, views) SELECT id, 10 FROM pages ON CONFLICT DO NOTHING").execute());
      await(pool.query("INSERT INTO site_hourly_views (day, hour, views) SELECT d::date, h, 100 FROM generate_series(current_date - 7, "
          + "current_date, interval '1 day') d, generate_series(0, 23) h ON CONFLICT DO NOTHING").execute());
      await(pool.query("ANALYZE").execute());
    } finally {
      await(pool.close());
    }
  }

  /** Each instance's readers; a tenth of each instance's readers are the next one's too. */
  private static long[][] visitorSets(SplittableRandom random, int instances, int readers) {
    long[][] keys = new long[instances][];
    int each = readers / instances;
    for (int i = 0; i < instances; i++) {
      keys[i] = new long[each + each / SHARED_FRACTION];
      for (int k = 0; k < each; k++) {
        keys[i][k] = random.nextLong();
      }
    }
    for (int i = 0; i < instances; i++) {
      System.arraycopy(keys[(i + 1) % instances], 0, keys[i], each, each / SHARED_FRACTION);
    }
    return keys;
  }

  /** Replaces some readers of each instance with new ones (not on two instances, for simplicity). */
  private static void churn(SplittableRandom random, long[][] keys) {
    for (long[] set : keys) {
      int each = set.length * SHARED_FRACTION / (SHARED_FRACTION + 1);
      for (int c = 0; c < set.length * CHURN_PERCENT / 100; c++) {
        set[SHARED_FRACTION > 0 ? random.nextInt(each / 2 + 1) + each / 2 : 0] = random.nextLong();
      }
    }
  }

  /**
   * Each instance's announcements of a second: the sockets {@code readers} open, spread over the
   * instances, whose view another instance served ((N - 1) / N of them, requests spread evenly).
   */
  private static List<List<String>> announcements(SplittableRandom random, int instances, int readers) {
    List<List<String>> payloads = new ArrayList<>();
    long opens = (long) readers / DWELL_SECONDS * (instances - 1) / instances / instances;
    for (int i = 0; i < instances; i++) {
      Announcements announcements = new Announcements();
      for (long o = 0; o < opens; o++) {
        announcements.add(random.nextLong());
      }
      payloads.add(announcements.drain());
    }
    return payloads;
  }

  private static long distinct(long[][] keys) {
    LongHashSet all = new LongHashSet();
    for (long[] set : keys) {
      for (long key : set) {
        all.add(key);
      }
    }
    return all.size();
  }

  /**
   * PostgreSQL's execution time, in seconds, of the presence statements and of the totals re-reads since
   * the last call (pg_stat_statements, which bench/presence.sh loads), and starts counting afresh.
   */
  private double[] statementSeconds() throws Exception {
    Row row = await(statistics.query("""
        SELECT coalesce(sum(total_exec_time) FILTER (WHERE query LIKE '%presence_images%' OR query LIKE '%online_presence_before%'), 0),
               coalesce(sum(total_exec_time) FILTER (WHERE query LIKE '%FROM site_total_views%'), 0)
        FROM pg_stat_statements""").execute()).iterator().next();
    await(statistics.query("SELECT pg_stat_statements_reset()").execute());
    return new double[] {row.getDouble(0) / 1000, row.getDouble(1) / 1000};
  }

}
