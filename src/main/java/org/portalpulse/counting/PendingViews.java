package org.portalpulse.counting;

import org.portalpulse.presence.ExpiringKeys;

import java.time.Duration;

/**
 * Views held back from visitors past their address's budget, until the page proves it is shown in a
 * browser: its script opens the live socket for the same page, from the same visitor, within
 * {@link #PROOF_WINDOW}. Each held view is counted at most once. Bounded: past the bound, a held view
 * is forgotten and its proof counts nothing.
 */
final class PendingViews {
  static final Duration PROOF_WINDOW = Duration.ofSeconds(60);
  private static final int CAPACITY = 1 << 16;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final ExpiringKeys held = new ExpiringKeys(CAPACITY);

  void hold(long visitorKey, long articleId, long nowMillis) {
    held.addIfAbsent(keyOf(visitorKey, articleId), nowMillis, nowMillis + PROOF_WINDOW.toMillis());
  }

  /** True, once, when the visitor had a view of this page held. */
  boolean prove(long visitorKey, long articleId, long nowMillis) {
    return held.remove(keyOf(visitorKey, articleId), nowMillis);
  }

  void forgetExpired(long nowMillis) {
    held.sweepNextStripe(nowMillis);
  }

  private static long keyOf(long visitorKey, long articleId) {
    long z = visitorKey ^ ((articleId + 1) * GOLDEN);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 27);
  }
}
