package org.portalpulse.counting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How flushing goes, for health checks and metrics: written by the flusher, read by anyone.
 * "Behind" means views have waited longer than {@link #BEHIND_AFTER} since the last commit.
 */
public final class FlushStatus {
  public static final Duration BEHIND_AFTER = Duration.ofSeconds(10);

  private final CounterLedger ledger;
  private final LongSupplier clockMillis;
  private final Timer duration;
  private final DistributionSummary batchViews;
  private final Counter failures;
  /** When the buffer was last known to be written: a commit, or a tick that found nothing to write. */
  private volatile long caughtUpMillis;
  private volatile String lastError;
  private volatile boolean notificationsHeard = true;

  public FlushStatus(CounterLedger ledger, LongSupplier clockMillis, MeterRegistry registry) {
    this.ledger = ledger;
    this.clockMillis = clockMillis;
    this.caughtUpMillis = clockMillis.getAsLong();
    this.duration = Timer.builder("pulse.flush.duration").description("Time to commit one flush batch")
        .publishPercentileHistogram().register(registry);
    this.batchViews = DistributionSummary.builder("pulse.flush.batch.size").baseUnit("views")
        .description("Views in one committed flush batch").publishPercentileHistogram()
        // Buckets up to a million views a batch, not up to Long.MAX_VALUE: 276 buckets would be noise.
        .minimumExpectedValue(1.0).maximumExpectedValue(1_000_000.0).register(registry);
    this.failures = Counter.builder("pulse.flush.failures").description("Flush attempts that did not commit").register(registry);
    Gauge.builder("pulse.peer.notifications.heard", () -> notificationsHeard ? 1 : 0)
        .description("1 while this instance hears the flush notifications (its own come back), 0 while it re-reads the totals instead")
        .register(registry);
  }

  /** Whether flush notifications arrive (see NotificationEcho): other instances' views show within a second. */
  void notificationsHeard(boolean heard) {
    notificationsHeard = heard;
  }

  /** A flush tick found nothing to write. */
  void caughtUp() {
    caughtUpMillis = clockMillis.getAsLong();
  }

  void committed(long views, long tookNanos) {
    caughtUpMillis = clockMillis.getAsLong();
    lastError = null;
    duration.record(Duration.ofNanos(tookNanos));
    batchViews.record(views);
  }

  void failed(String error) {
    lastError = error;
    failures.increment();
  }

  /**
   * About how long the oldest counted view has waited to be written (at most one flush interval
   * more): the time since the buffer was last written or found empty. 0 when nothing waits.
   */
  public double lagSeconds() {
    if (ledger.unflushed() == 0) {
      return 0;
    }
    return Math.max(0, clockMillis.getAsLong() - caughtUpMillis) / 1000.0;
  }

  public boolean isBehind() {
    return lagSeconds() > BEHIND_AFTER.toSeconds();
  }

  /** Why the last attempt failed, or null when it committed. */
  public String lastError() {
    return lastError;
  }
}
