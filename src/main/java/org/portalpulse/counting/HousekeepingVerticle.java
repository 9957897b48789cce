package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Rotates the daily salts ahead of midnight, trims the record of applied batches, and rolls up the
 * history of days that are over ({@link HistoryRollup}, on the admin pool: a backlog of days never
 * takes a connection the flusher needs).
 */
public final class HousekeepingVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HousekeepingVerticle.class);
  private static final Duration PERIOD = Duration.ofMinutes(10);
  /** A batch retried later than this would be counted twice; no outage of a live server lasts a week. */
  private static final int BATCH_MEMORY_DAYS = 7;

  private final Pool pool;
  private final DailySalts salts;
  private final SiteCalendar calendar;
  private final HistoryRollup rollup;
  /** A backlog may outlast a period: one rollup at a time. */
  private boolean rollingUp;

  public HousekeepingVerticle(Pool pool, DailySalts salts, SiteCalendar calendar, HistoryRollup rollup) {
    this.pool = pool;
    this.salts = salts;
    this.calendar = calendar;
    this.rollup = rollup;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD.toMillis(), id -> run());
    // Not awaited: a backlog of days must not hold up start-up.
    return salts.prepare(calendar.today()).onSuccess(v -> rollUp());
  }

  private void run() {
    salts.prepare(calendar.today())
        .compose(v -> pool.preparedQuery(SqlQueries.DELETE_OLD_BATCHES).execute(Tuple.of(BATCH_MEMORY_DAYS)))
        .onFailure(err -> LOG.warn("Housekeeping failed, will retry in {} minutes: {}", PERIOD.toMinutes(), err.getMessage()));
    rollUp();
  }

  private void rollUp() {
    if (rollingUp) {
      return;
    }
    rollingUp = true;
    rollup.run()
        .onFailure(err -> LOG.warn("Rolling up the history failed, will retry in {} minutes: {}", PERIOD.toMinutes(), err.getMessage()))
        .onComplete(done -> rollingUp = false);
  }
}
