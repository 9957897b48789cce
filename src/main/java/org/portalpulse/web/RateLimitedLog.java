package org.portalpulse.web;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * At most one WARN line per interval, however many events ask for one: the next line that gets out
 * says how many were held back. Shared by every event loop's server, so the bound is per process.
 *
 * <p>Why not logback's {@code DuplicateMessageFilter}: it mutes a message for good after a few
 * repetitions (until its cache forgets it), says nothing of how many it muted, and applies to every
 * logger; these lines should keep coming, slowly, for as long as the events do.
 */
final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong nextLineAt;
  private final AtomicLong heldBack = new AtomicLong();

  RateLimitedLog(Logger log, Duration interval, LongSupplier nanoClock) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
    this.nextLineAt = new AtomicLong(nanoClock.getAsLong());
  }

  void warn(String line) {
    long now = nanoClock.getAsLong();
    long next = nextLineAt.get();
    if (now - next >= 0 && nextLineAt.compareAndSet(next, now + intervalNanos)) {
      long held = heldBack.getAndSet(0);
      if (held == 0) {
        log.warn(line);
      } else {
        log.warn("{} ({} more not logged since the last such line)", line, held);
      }
    } else {
      heldBack.incrementAndGet();
    }
  }
}
