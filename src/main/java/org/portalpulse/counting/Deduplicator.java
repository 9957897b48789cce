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
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final ExpiringKeys seen = new ExpiringKeys(CAPACITY);
  private final long windowMillis;

  Deduplicator(Duration window) {
    this.windowMillis = window.toMillis();
  }

  /** True the first time in the window, false for a repeat. */
  boolean firstSight(VisitorId visitor, String page, long nowMillis) {
    return seen.addIfAbsent(pairKey(visitor, page), nowMillis, nowMillis + windowMillis);
  }

  /** Frees the memory of expired pairs, a stripe at a time; an expired pair is already ignored when looked up. */
  void forgetExpired(long nowMillis) {
    seen.sweepNextStripe(nowMillis);
  }

  /** 64 bits of (visitor, page): with the table full, a false repeat has odds of about 1 in 10^14. */
  private static long pairKey(VisitorId visitor, String page) {
    long h = visitor.high() ^ mix(visitor.low() + page.hashCode() * GOLDEN);
    return mix(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
