package org.portalpulse.counting;

import org.portalpulse.presence.ExpiringKeys;

import java.time.Duration;

/**
 * Remembers which visitor saw which page within the de-duplication window, in memory only, up to
 * {@link #CAPACITY} (visitor, page) pairs a window. Past that bound it stops remembering new pairs
 * until old ones expire, so the worst case is a reload counted again, never a view lost.
 */
final class Deduplicator {
  private static final int CAPACITY = 1 << 18;

  private final ExpiringKeys seen = new ExpiringKeys(CAPACITY);
  private final long windowMillis;

  Deduplicator(Duration window) {
    this.windowMillis = window.toMillis();
  }

  /** True the first time in the window, false for a repeat. */
  boolean firstSight(VisitorId visitor, String page, long nowMillis) {
    return seen.addIfAbsent(visitor.withPage(page), nowMillis, nowMillis + windowMillis);
  }

  /** Frees the memory of expired pairs, a stripe at a time; an expired pair is already ignored when looked up. */
  void forgetExpired(long nowMillis) {
    seen.sweepNextStripe(nowMillis);
  }
}
