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

  private final ExpiringKeys held = new ExpiringKeys(CAPACITY);
  private final ExpiringKeys shown = new ExpiringKeys(CAPACITY);

  /** Holds the view, or returns true when its page already proved it is shown: count it now. */
  boolean holdUnlessShown(VisitorId visitor, String page, long nowMillis) {
    return meet(shown, held, visitor.withPage(page), nowMillis);
  }

  /** True, once, when the visitor had a view of this page held; else the proof waits for the view. */
  boolean prove(VisitorId visitor, String page, long nowMillis) {
    return meet(held, shown, visitor.withPage(page), nowMillis);
  }

  /** A view and its proof may come in either order: the second takes the first, else it waits for it. */
  private static boolean meet(ExpiringKeys other, ExpiringKeys waiting, long key, long nowMillis) {
    if (other.remove(key, nowMillis)) {
      return true;
    }
    waiting.addIfAbsent(key, nowMillis, nowMillis + PROOF_WINDOW.toMillis());
    return false;
  }

  void forgetExpired(long nowMillis) {
    held.sweepNextStripe(nowMillis);
    shown.sweepNextStripe(nowMillis);
  }
}
