package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.ListenConnection;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what was counted to PostgreSQL, one batch per interval and one batch at a time. A batch
 * that fails is retried as it is, with its id, until it commits: if the first attempt did commit
 * and only its acknowledgement was lost, the retry adds nothing. Views counted meanwhile wait in
 * the ledger for the next batch.
 *
 * <p>At shutdown, what PostgreSQL does not take within the deadline goes to the {@link BatchSpool},
 * batch ids and all, and is written at the next start.
 *
 * <p>When another instance commits a flush, its notification says what it added, and this one adds
 * the same at once, without a read ({@link PeerDeltas}). Totals are read in full only when a
 * notification cannot say what changed (a baseline), after a reconnect, every minute as a safety net,
 * and every few seconds while notifications do not arrive ({@link NotificationEcho}); always between
 * this instance's own batches.
 */
public final class FlushVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(FlushVerticle.class);
  private static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(20);
  /** Deltas are exact, so this only bounds how long anything unforeseen could stay wrong. */
  static final Duration SAFETY_REREAD = Duration.ofSeconds(60);
  static final Duration DEAF_REREAD = Duration.ofSeconds(5);

  private final CounterLedger ledger;
  private final CounterStore store;
  private final SiteCalendar calendar;
  private final Duration interval;
  private final PostgresUrl url;
  private final String instanceId;
  private final FlushStatus status;
  private final BatchSpool spool;

  /** Every committed flush, this instance's own included (see {@link NotificationEcho}). */
  private ListenConnection flushes;
  private final PeerDeltas peerDeltas;
  private final NotificationEcho echo = new NotificationEcho();
  private FlushBatch inFlight;
  private Future<Void> running;
  private long timerId = -1;
  /** The ledger was loaded just before this verticle starts. */
  private long lastRereadNanos = System.nanoTime();
  private int failuresInARow;
  /** Set when what is left went to the spool: nothing more is sent. */
  private boolean spooled;

  public FlushVerticle(CounterLedger ledger, CounterStore store, SiteCalendar calendar, Duration interval,
                       PostgresUrl url, String instanceId, FlushStatus status, BatchSpool spool) {
    this.ledger = ledger;
    this.store = store;
    this.calendar = calendar;
    this.interval = interval;
    this.url = url;
    this.instanceId = instanceId;
    this.status = status;
    this.spool = spool;
    this.peerDeltas = new PeerDeltas(ledger);
  }

  @Override
  public Future<?> start() {
    timerId = vertx.setPeriodic(interval.toMillis(), id -> {
      status.notificationsHeard(notificationsHeard(System.nanoTime()));
      flush();
    });
    // Notifications sent while it did not listen are lost: every (re)subscription asks for a full re-read.
    flushes = new ListenConnection(vertx, url, SqlQueries.PEER_FLUSHED_CHANNEL,
        "other instances' views show by re-reading the totals every " + DEAF_REREAD.toSeconds() + " s",
        v -> peerDeltas.rereadWanted(), payload -> flushHeard(PeerFlush.parse(payload)));
    return flushes.start();
  }

  /** Runs after the HTTP verticles stopped taking requests: writes everything that is left. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    Promise<Void> drained = Promise.promise();
    drainUntil(System.nanoTime() + SHUTDOWN_DEADLINE.toNanos(), drained);
    return drained.future().recover(this::spoolWhatIsLeft).eventually(flushes::stop);
  }

  /**
   * PostgreSQL did not take everything in time: the batch in flight (it may yet commit; its id makes
   * that harmless) and everything counted since go to the spool, and nothing more is sent.
   */
  private Future<Void> spoolWhatIsLeft(Throwable notWritten) {
    spooled = true;
    List<FlushBatch> left = new ArrayList<>();
    if (inFlight != null) {
      left.add(inFlight);
    }
    for (FlushBatch next = ledger.nextBatch(); !next.isEmpty(); next = ledger.nextBatch()) {
      left.add(next);
    }
    long views = left.stream().mapToLong(FlushBatch::views).sum();
    return vertx.<Void>executeBlocking(() -> {
          spool.keep(left);
          return null;
        })
        .onSuccess(v -> LOG.warn("{}; kept them ({} batches, {} views) in the spool, to be written at the next start",
            notWritten.getMessage(), left.size(), views))
        .recover(err -> Future.failedFuture(notWritten.getMessage() + ", and the spool could not keep them: " + err.getMessage()));
  }

  private boolean notificationsHeard(long nowNanos) {
    return flushes.listening() && !echo.deaf(nowNanos);
  }

  private void flushHeard(PeerFlush flush) {
    if (!flush.isFrom(instanceId)) {
      peerDeltas.heard(flush);
    } else if (flush.xid() >= 0) {
      echo.heard(flush.xid());
    }
  }

  /** One flush, or the one already running. Never fails: a failure is logged and retried next tick. */
  Future<Void> flush() {
    if (spooled) {
      return Future.succeededFuture();
    }
    if (running != null) {
      return running;
    }
    return track(writePending().compose(v -> rereadIfDue()));
  }

  private Future<Void> track(Future<Void> attempt) {
    running = attempt;
    // Cleared only for this attempt, and after it is stored: an attempt that completes at once must not stay "running".
    attempt.onComplete(done -> {
      if (running == attempt) {
        running = null;
      }
    });
    return attempt;
  }

  private Future<Void> writePending() {
    FlushBatch batch = inFlight != null ? inFlight : ledger.nextBatch();
    if (batch.isEmpty()) {
      status.caughtUp();
      return Future.succeededFuture();
    }
    inFlight = batch;
    long started = System.nanoTime();
    return store.write(batch)
        .map(outcome -> {
          long committed = System.nanoTime();
          status.committed(batch.views(), committed - started);
          ledger.acknowledge(batch);
          if (outcome.applied()) {
            echo.expect(outcome.xid(), committed);
          }
          ledger.forgetBefore(calendar.today().minusDays(1));
          inFlight = null;
          if (failuresInARow > 0) {
            LOG.info("Flushing works again after {} failed attempts", failuresInARow);
          }
          failuresInARow = 0;
          return (Void) null;
        })
        .recover(err -> {
          status.failed(err.getMessage());
          failuresInARow++;
          if (failuresInARow == 1 || failuresInARow % 60 == 0) {
            LOG.warn("Flush of {} views failed ({} in a row), keeping them in memory and retrying: {}",
                batch.views(), failuresInARow, err.getMessage());
          }
          return Future.<Void>succeededFuture();
        });
  }

  /**
   * Reads every total again when a notification asked for it, when notifications do not arrive, or
   * when the last read is a minute old; never while a batch of ours awaits its outcome, so that what
   * is read holds exactly the batches acknowledged here.
   */
  private Future<Void> rereadIfDue() {
    long now = System.nanoTime();
    long sinceLast = now - lastRereadNanos;
    boolean due = peerDeltas.wantsReread()
        || sinceLast >= SAFETY_REREAD.toNanos()
        || sinceLast >= DEAF_REREAD.toNanos() && !notificationsHeard(now);
    if (!due || inFlight != null) {
      return Future.succeededFuture();
    }
    lastRereadNanos = now;
    peerDeltas.readStarted();
    return store.load(calendar.weekStartOf(calendar.today()))
        .map(totals -> {
          peerDeltas.readDone(totals);
          return (Void) null;
        })
        .recover(err -> {
          peerDeltas.readFailed();
          return Future.succeededFuture();
        });
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
