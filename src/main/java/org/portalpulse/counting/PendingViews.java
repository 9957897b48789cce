package org.portalpulse.counting;

import org.portalpulse.presence.ExpiringKeys;

import java.time.Duration;

/**
 * Views held back from visitors past their address's budget, until the page proves it is shown in a
 * browser: its script opens the live socket for the same page, from the same visitor, within
 * {@link #PROOF_WINDOW}. Each held view is counted at most once. A page's script may also open its
 * socket before its reported view arrives (two connections, no order between them), so a proof with
 * no view held waits as long for its view. Bounded: past the bound, a held view or a proof is
 * forgotten and counts nothing.
 */
final class PendingViews {
  static final Duration PROOF_WINDOW = Duration.ofSeconds(60);
  private static final int CAPACITY = 1 << 16;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final ExpiringKeys held = new ExpiringKeys(CAPACITY);
  private final ExpiringKeys shown = new ExpiringKeys(CAPACITY);

  /** Holds the view, or returns true when its page already proved it is shown: count it now. */
  boolean holdUnlessShown(long visitorKey, String page, long nowMillis) {
    long key = keyOf(visitorKey, page);
    if (shown.remove(key, nowMillis)) {
      return true;
    }
    held.addIfAbsent(key, nowMillis, nowMillis + PROOF_WINDOW.toMillis());
    return false;
  }

  /** True, once, when the visitor had a view of this page held; else the proof waits for the view. */
  boolean prove(long visitorKey, String page, long nowMillis) {
    long key = keyOf(visitorKey, page);
    if (held.remove(key, nowMillis)) {
      return true;
    }
    shown.addIfAbsent(key, nowMillis, nowMillis + PROOF_WINDOW.toMillis());
    return false;
  }

  void forgetExpired(long nowMillis) {
    held.sweepNextStripe(nowMillis);
    shown.sweepNextStripe(nowMillis);
  }

  /** FNV-1a over the path, mixed with the visitor: two pages of one visitor rarely share a key, and then only hold each other's proof. */
  private static long keyOf(long visitorKey, String page) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < page.length(); i++) {
      h = (h ^ page.charAt(i)) * 0x100000001B3L;
    }
    long z = visitorKey ^ (h * GOLDEN);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 27);
  }
}
