package org.portalpulse.counting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;

/**
 * Remembers which visitor saw which page within the de-duplication window, in memory only. The
 * bound keeps memory flat under a flood of distinct visitors: past it the oldest entries go first,
 * so the worst case is a reload counted twice, never a view lost.
 */
final class Deduplicator {
  private static final long MAX_ENTRIES = 500_000;

  private final Cache<SeenPage, Boolean> seen;

  Deduplicator(Duration window, Clock clock) {
    this.seen = Caffeine.newBuilder()
        .expireAfterWrite(window)
        .maximumSize(MAX_ENTRIES)
        .ticker(() -> clock.millis() * 1_000_000L)
        .build();
  }

  /** True the first time in the window, false for a repeat. */
  boolean firstSight(VisitorId visitor, String page) {
    return seen.asMap().putIfAbsent(new SeenPage(visitor, page), Boolean.TRUE) == null;
  }

  private record SeenPage(VisitorId visitor, String page) {
  }
}
