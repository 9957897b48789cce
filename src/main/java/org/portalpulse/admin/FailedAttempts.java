package org.portalpulse.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;

/**
 * Failed admin authentications per client address. Past {@link #LIMIT} failures within the window,
 * the address is refused (429) until it has been quiet for the window: guessing a token by brute
 * force then takes longer than anyone can wait. Bounded, so a flood of addresses cannot fill memory.
 */
final class FailedAttempts {
  static final int LIMIT = 10;
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Cache<String, Integer> failures = Caffeine.newBuilder()
      .expireAfterWrite(WINDOW)
      .maximumSize(100_000)
      .build();

  boolean isBlocked(String address) {
    Integer count = failures.getIfPresent(address);
    return count != null && count >= LIMIT;
  }

  void record(String address) {
    // A write on every failure: the window restarts, so a steady guesser stays blocked.
    failures.asMap().merge(address, 1, Integer::sum);
  }
}
