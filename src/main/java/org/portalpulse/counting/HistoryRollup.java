package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Once a local day is over, stores its unique visitors (per day and per hour) and deletes the visitor
 * ids they were counted from: the admin API then reads a row per day instead of every id of the year,
 * and nothing stored identifies a visitor of a day gone by. Views need no rollup: they are stored per
 * hour already. One statement per day, oldest first, so a backlog (a first start after an upgrade, a
 * long stop) is worked through without one long transaction.
 */
public final class HistoryRollup {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryRollup.class);
  /**
   * A day is rolled up this long after it ended, once the flushes of its last seconds have landed, and
   * those held back by a short outage: ids written after the rollup count as extra visitors.
   */
  public static final Duration SETTLE = Duration.ofHours(1);

  private final Pool pool;
  private final SiteCalendar calendar;

  public HistoryRollup(Pool pool, SiteCalendar calendar) {
    this.pool = pool;
    this.calendar = calendar;
  }

  /** Rolls up every day that is over; succeeds with how many it rolled up. */
  public Future<Integer> run() {
    LocalDate firstOpenDay = Instant.ofEpochMilli(calendar.millis()).minus(SETTLE).atZone(calendar.zone()).toLocalDate();
    long started = System.nanoTime();
    return rollUpFrom(firstOpenDay, 0).onSuccess(days -> {
      if (days > 0) {
        LOG.info("Rolled up the unique visitors of {} day(s) before {} and deleted their visitor ids, in {} ms",
            days, firstOpenDay, Duration.ofNanos(System.nanoTime() - started).toMillis());
      }
    });
  }

  private Future<Integer> rollUpFrom(LocalDate firstOpenDay, int done) {
    return pool.preparedQuery(SqlQueries.ROLL_UP_DAY).execute(Tuple.of(firstOpenDay)).compose(rows -> {
      // No day left, or another instance is rolling up (or just did that day): it carries on, and
      // this instance's next run finds whatever is left.
      if (rows.size() == 0 || rows.iterator().next().getLong("batches") == 0) {
        return Future.succeededFuture(done);
      }
      return rollUpFrom(firstOpenDay, done + 1);
    });
  }
}
