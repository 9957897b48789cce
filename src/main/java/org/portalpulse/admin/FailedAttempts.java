package org.portalpulse.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed admin authentications per client address. Past {@link #LIMIT} failures within the window,
 * the address is refused (429) until it has been quiet for the window: guessing a token by brute
 * force then takes longer than anyone can wait. Bounded, so a flood of addresses cannot fill memory.
 */
final class FailedAttempts {
  static final int LIMIT = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
      .expireAfterWrite(WINDOW)
      .maximumSize(100_000)
      .build();

  boolean isBlocked(String address) {
    AtomicInteger count = failures.getIfPresent(address);
    return count != null && count.get() >= LIMIT;
  }

  void record(String address) {
    // Re-put on every failure: the window restarts, so a steady guesser stays blocked.
    failures.asMap().compute(address, (a, count) -> {
      AtomicInteger next = count == null ? new AtomicInteger() : count;
      next.incrementAndGet();
      return next;
    });
  }
}
