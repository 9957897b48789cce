package org.portalpulse.presence;

import java.util.function.LongSupplier;

/**
 * "Đang online" as readers see it: distinct visitors across every instance, as PostgreSQL last
 * counted them (at most a second ago), or this instance's own count when that is higher (a visitor
 * who arrived since) or when the shared figure is stale (PostgreSQL unreachable), so the box never
 * freezes on an old number.
 */
final class OnlineCount {
  private static final long STALE_AFTER_MILLIS = 5_000;

  private final LongSupplier local;
  private final LongSupplier clockMillis;
  private volatile Shared shared; // null until PostgreSQL first answers

  OnlineCount(LongSupplier local, LongSupplier clockMillis) {
    this.local = local;
    this.clockMillis = clockMillis;
  }

  long current() {
    Shared last = shared;
    boolean fresh = last != null && clockMillis.getAsLong() - last.atMillis() <= STALE_AFTER_MILLIS;
    return fresh ? Math.max(last.visitors(), local.getAsLong()) : local.getAsLong();
  }

  /** Distinct visitors online across every instance, counted at {@code atMillis}. */
  void shared(long visitors, long atMillis) {
    shared = new Shared(visitors, atMillis);
  }

  private record Shared(long visitors, long atMillis) {
  }
}
