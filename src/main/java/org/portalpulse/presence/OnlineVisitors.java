package org.portalpulse.presence;

import java.time.Duration;

/**
 * Visitors this instance knows to be around: who is "Đang online" here, and the last hour each was
 * recorded as a visitor, so that a visitor is queued for storage once an hour, not once a view. One
 * table serves both, so a view costs one look-up here, not two.
 *
 * <p>A visitor is online until their online window after a page view closes, or, while they have a
 * page open (a live socket), until a few seconds after their last page closes: a reader who leaves
 * is not shown for minutes more, and one who keeps a page open is never dropped.
 *
 * <p>Bounded ({@link #CAPACITY}); past the bound, new visitors are not remembered until others leave
 * (they may then be queued more than once an hour, which distinct counts absorb). A bigger table
 * would cost every view more, its random look-ups missing the CPU caches (BENCHMARKS.md, "Where the
 * time goes").
 */
final class OnlineVisitors {
  static final int CAPACITY = 1 << 18;
  private static final long HOUR_MILLIS = 3_600_000;
  static final long SWEEP_MILLIS = 100;
  private static final int STRIPES_PER_SWEEP = 4;
  /**
   * How long a visitor stays online after their last open page was last confirmed. Open pages are
   * confirmed every {@link #OPEN_PAGE_CONFIRM_MILLIS}, so this survives two missed confirmations and
   * a reader's click from one page to the next (the old page's socket closes before the new one opens).
   */
  static final long OPEN_PAGE_GRACE_MILLIS = 3_000;
  static final long OPEN_PAGE_CONFIRM_MILLIS = 1_000;

  private final ExpiringKeys visitors = new ExpiringKeys(CAPACITY);
  private final long windowMillis;

  OnlineVisitors(Duration window) {
    this.windowMillis = window.toMillis();
  }

  /**
   * The visitor viewed a page now, in the hour starting at {@code hourStartMillis}: whether they are new
   * here, or else whether this {@code counted} view is their first counted view of this hour that we know of.
   */
  Sighting seen(long visitorKey, long hourStartMillis, long nowMillis, boolean counted) {
    long hourTag = Math.floorMod(hourStartMillis / HOUR_MILLIS, ExpiringKeys.MAX_TAG - 1) + 1;
    long previous = visitors.refresh(visitorKey, nowMillis, nowMillis + windowMillis, hourTag, counted);
    if (previous == ExpiringKeys.ABSENT) {
      return Sighting.NEW_VISITOR;
    }
    return counted && previous != hourTag ? Sighting.FIRST_VIEW_THIS_HOUR : Sighting.AGAIN;
  }

  /** Forgets the visitor at once (not online, not known). */
  void forget(long visitorKey, long nowMillis) {
    visitors.remove(visitorKey, nowMillis);
  }

  /**
   * The visitor has a page open now. Keeps them online for the grace period, replacing the window
   * of their last view: from now on their open pages, not that view, say whether they are here.
   */
  void hasOpenPage(long visitorKey, long nowMillis) {
    visitors.refresh(visitorKey, nowMillis, nowMillis + OPEN_PAGE_GRACE_MILLIS, 0, false);
  }

  /**
   * Whether the visitor's last view here was at or after {@code sinceMillis}, and no page of theirs
   * has been open here since (which would have replaced that view's window).
   */
  boolean viewedHereSince(long visitorKey, long sinceMillis, long nowMillis) {
    long expiry = visitors.expiryOf(visitorKey, nowMillis);
    return expiry != ExpiringKeys.ABSENT && expiry - windowMillis >= sinceMillis;
  }

  /** As {@link #hasOpenPage}, for a visitor whose page is open on another instance, if known here. */
  void hasOpenPageElsewhere(long visitorKey, long nowMillis) {
    visitors.refreshIfPresent(visitorKey, nowMillis, nowMillis + OPEN_PAGE_GRACE_MILLIS);
  }

  /** May include visitors whose window closed less than a sweep pass ago (under a second). */
  long count() {
    return visitors.size();
  }

  /** The keys of every visitor online at {@code nowMillis}: what this instance shares with the others. */
  long[] present(long nowMillis) {
    return visitors.liveKeys(nowMillis);
  }

  /**
   * Sweeps a few stripes; called every {@link #SWEEP_MILLIS}, so a full pass takes under a second and
   * a visitor who left stops being counted here within a second. Each stripe stays a short lock.
   */
  void forgetExpired(long nowMillis) {
    for (int i = 0; i < STRIPES_PER_SWEEP; i++) {
      visitors.sweepNextStripe(nowMillis);
    }
  }
}
