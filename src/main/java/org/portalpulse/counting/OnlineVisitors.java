package org.portalpulse.counting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;

/** Distinct visitors seen on a page within the online window ("Đang online"). */
public final class OnlineVisitors {
  private final Cache<VisitorId, Boolean> recent;

  public OnlineVisitors(Duration window, Clock clock) {
    this.recent = Caffeine.newBuilder()
        .expireAfterWrite(window)
        .maximumSize(2_000_000)
        .ticker(() -> clock.millis() * 1_000_000L)
        .build();
  }

  void seen(VisitorId visitor) {
    recent.put(visitor, Boolean.TRUE);
  }

  public long count() {
    recent.cleanUp(); // expiry is lazy: drop the departed before counting
    return recent.estimatedSize();
  }
}
