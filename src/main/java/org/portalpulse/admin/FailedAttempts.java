package org.portalpulse.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.portalpulse.counting.ClientAddress;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Failed admin authentications, limited in two ways. Per address (an IPv6 client by its /64, which one
 * host usually holds whole): how many different wrong tokens it may try. Per token: how often one wrong
 * token may be repeated from that address, so a forgotten script with a revoked token does not use up
 * the budget of everyone behind the same address. A wrong token names no one; it is known here by a
 * prefix of its SHA-256, never by itself.
 *
 * <p>Each limit is a leaky bucket: {@link #LIMIT} failures at once, then one more per {@link #REFILL};
 * {@link #QUIET} without a failure restores all of them. An attempt refused with 429 is not counted, so
 * retrying during a block never makes it longer, and a guesser who keeps going stays at one guess per
 * {@code REFILL}.
 *
 * <p>These limits never refuse a valid token: {@link AdminAuth} lets it in before asking them. An address
 * is shared (an office, a carrier-grade NAT), and a lockout by address would let anyone behind it lock
 * the admins out. The price is that a guesser may notice that a right token would get through even
 * while it is refused, so the limits only slow a client that obeys 429; what makes guessing hopeless is
 * the token itself: at least 16 characters, and {@code openssl rand -base64 32} gives 256 random bits.
 */
final class FailedAttempts {
  static final int LIMIT = 10;
  static final Duration REFILL = Duration.ofSeconds(30);
  static final Duration QUIET = REFILL.multipliedBy(LIMIT);
  private static final long REFILL_MS = REFILL.toMillis();
  /** A bucket holding this much backlog has room for one more failure. */
  private static final long ROOM_MS = REFILL_MS * (LIMIT - 1);
  /** Entries per cache: a flood of addresses or tokens evicts old entries rather than filling memory. */
  private static final int MAX_ENTRIES = 50_000;

  private final LongSupplier millis;
  /** Per key, the time (epoch ms) at which its bucket will be empty. */
  private final Cache<String, Long> byAddress;
  private final Cache<String, Long> byToken;

  FailedAttempts(LongSupplier millis) {
    this.millis = millis;
    this.byAddress = buckets(millis);
    this.byToken = buckets(millis);
  }

  private static Cache<String, Long> buckets(LongSupplier millis) {
    // A bucket is empty at most QUIET after its last failure: an entry expired then has nothing to forget.
    return Caffeine.newBuilder()
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(millis.getAsLong()))
        .expireAfterWrite(QUIET)
        .maximumSize(MAX_ENTRIES)
        .build();
  }

  /**
   * Counts a failure from {@code address} with the token known as {@code token} (a hash prefix, or a
   * word for a missing or malformed header). Returns zero if it is within the limits, else how long to
   * wait before the next attempt, and then it is not counted.
   */
  synchronized Duration failed(String address, String token) {
    String network = ClientAddress.ownerOf(address);
    String tokenKey = network + ' ' + token;
    long now = millis.getAsLong();
    Long tokenEmptyAt = byToken.getIfPresent(tokenKey);
    if (tokenEmptyAt != null) {
      // The same wrong token again: not a new guess, so only its own bucket pays.
      return charge(byToken, tokenKey, tokenEmptyAt, now);
    }
    Long addressEmptyAt = byAddress.getIfPresent(network);
    Duration wait = charge(byAddress, network, addressEmptyAt == null ? now : addressEmptyAt, now);
    if (wait.isZero()) {
      byToken.put(tokenKey, now + REFILL_MS);
    }
    return wait;
  }

  private static Duration charge(Cache<String, Long> buckets, String key, long emptyAt, long now) {
    long backlog = Math.max(emptyAt, now) - now;
    if (backlog > ROOM_MS) {
      return Duration.ofMillis(backlog - ROOM_MS);
    }
    buckets.put(key, now + backlog + REFILL_MS);
    return Duration.ZERO;
  }
}
