package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;

/**
 * Writes what was counted to PostgreSQL, one batch per interval and one batch at a time. A batch
 * that fails is retried as it is, with its id, until it commits: if the first attempt did commit
 * and only its acknowledgement was lost, the retry adds nothing. Views counted meanwhile wait in
 * the ledger for the next batch.
 */
public final class FlushVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(FlushVerticle.class);
  private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(20);

  private final CounterLedger ledger;
  private final CounterStore store;
  private final SiteCalendar calendar;
  private final Duration interval;

  private FlushBatch inFlight;
  private Future<Void> running;
  private long timerId = -1;
  private int failuresInARow;

  public FlushVerticle(CounterLedger ledger, CounterStore store, SiteCalendar calendar, Duration interval) {
    this.ledger = ledger;
    this.store = store;
    this.calendar = calendar;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> flush());
    return Future.succeededFuture();
  }

  /** Runs after the HTTP verticles stopped taking requests: writes everything that is left. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    Promise<Void> drained = Promise.promise();
    drainUntil(System.nanoTime() + SHUTDOWN_DEADLINE.toNanos(), drained);
    return drained.future();
  }

  /** One flush, or the one already running. Never fails: a failure is logged and retried next tick. */
  Future<Void> flush() {
    if (running != null) {
      return running;
    }
    FlushBatch batch = inFlight != null ? inFlight : ledger.nextBatch();
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    inFlight = batch;
    LocalDate today = calendar.today();
    LocalDate reportFrom = batch.earliestDay(calendar.weekStartOf(today));
    Future<Void> attempt = store.write(batch, reportFrom)
        .map(outcome -> {
          ledger.acknowledge(batch, outcome.before(), outcome.applied());
          ledger.forgetBefore(today.minusDays(1));
          inFlight = null;
          if (failuresInARow > 0) {
            LOG.info("Flushing works again after {} failed attempts", failuresInARow);
          }
          failuresInARow = 0;
          return (Void) null;
        })
        .recover(err -> {
          failuresInARow++;
          if (failuresInARow == 1 || failuresInARow % 60 == 0) {
            LOG.warn("Flush of {} views failed ({} in a row), keeping them in memory and retrying: {}",
                batch.views(), failuresInARow, err.getMessage());
          }
          return Future.<Void>succeededFuture();
        });
    running = attempt;
    // Cleared only for this attempt, and after it is stored: an attempt that completes at once must not stay "running".
    attempt.onComplete(done -> {
      if (running == attempt) {
        running = null;
      }
    });
    return attempt;
  }

  public boolean hasUnflushed() {
    return inFlight != null || ledger.unflushed() > 0 || ledger.hasQueuedVisitors();
  }

  private void drainUntil(long deadline, Promise<Void> drained) {
    // The deadline holds even if a statement never answers: shutdown must not wait for ever.
    vertx.setTimer(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), id -> {
      drained.tryFail("Shutting down with " + ledger.unflushed() + " views not written: PostgreSQL did not accept them in time");
    });
    drainStep(drained);
  }

  private void drainStep(Promise<Void> drained) {
    flush().onComplete(done -> {
      if (!hasUnflushed()) {
        drained.tryComplete();
      } else if (!drained.future().isComplete()) {
        vertx.setTimer(inFlight == null ? 1 : 200, id -> drainStep(drained));
      }
    });
  }

}
