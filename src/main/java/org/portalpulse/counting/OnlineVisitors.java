package org.portalpulse.counting;

import java.time.Duration;

/**
 * Visitors this instance knows to be around: who is "Đang online" here, and the last hour each was
 * recorded as a visitor, so that a visitor is queued for storage once an hour, not once a view. One
 * table serves both, so a view costs one look-up here, not two.
 *
 * <p>A visitor is online until their online window after a counted page view closes, or, while they
 * have a page open (a live socket), until a few seconds after their last page closes: a reader who
 * leaves is not shown for minutes more, and one who keeps a page open is never dropped.
 *
 * <p>Exact up to about 250 000 visitors online at once (32 stripes of 8 192), ten times the busiest provincial portal; past that,
 * new visitors are not remembered until others leave (they may then be queued more than once an
 * hour, which distinct counts absorb). A bigger table would cost every view more: its random
 * look-ups would miss the CPU caches (measured: about 10 % of throughput at a million entries).
 */
public final class OnlineVisitors {
  private static final int CAPACITY = 1 << 18;
  private static final long HOUR_MILLIS = 3_600_000;
  static final long SWEEP_MILLIS = 100;
  private static final int STRIPES_PER_SWEEP = 4;
  /**
   * How long a visitor stays online after their last open page stopped confirming it. Open pages
   * confirm every {@link #OPEN_PAGE_CONFIRM_MILLIS}, so this survives two missed confirmations and
   * a reader's click from one page to the next (the old page's socket closes before the new one opens).
   */
  public static final long OPEN_PAGE_GRACE_MILLIS = 3_000;
  public static final long OPEN_PAGE_CONFIRM_MILLIS = 1_000;

  private final ExpiringKeys visitors = new ExpiringKeys(CAPACITY);
  private final long windowMillis;

  public OnlineVisitors(Duration window) {
    this.windowMillis = window.toMillis();
  }

  /**
   * The visitor viewed a page now. Returns true when the view is {@code counted} and is the
   * visitor's first counted view of this hour that we know of: then they are to be recorded.
   */
  boolean seen(VisitorId visitor, HourSlot hour, long nowMillis, boolean counted) {
    long hourTag = Math.floorMod(hour.startMillis() / HOUR_MILLIS, ExpiringKeys.MAX_TAG - 1) + 1;
    long previous = visitors.refresh(visitor.high(), nowMillis, nowMillis + windowMillis, hourTag, counted);
    return counted && previous != hourTag;
  }

  /**
   * The visitor has a page open now. Keeps them online for the grace period, replacing the window
   * of their last view: from now on their open pages, not that view, say whether they are here.
   */
  public void hasOpenPage(VisitorId visitor, long nowMillis) {
    visitors.refresh(visitor.high(), nowMillis, nowMillis + OPEN_PAGE_GRACE_MILLIS, 0, false);
  }

  /** As {@link #hasOpenPage}, for a visitor whose page is open on another instance, if known here. */
  void hasOpenPageElsewhere(long visitorKey, long nowMillis) {
    visitors.refreshIfPresent(visitorKey, nowMillis, nowMillis + OPEN_PAGE_GRACE_MILLIS);
  }

  /** May include visitors whose window closed less than a sweep pass ago (under a second). */
  public long count() {
    return visitors.size();
  }

  /** The keys of every visitor online at {@code nowMillis}: what this instance shares with the others. */
  public long[] present(long nowMillis) {
    return visitors.liveKeys(nowMillis);
  }

  /**
   * Sweeps a few stripes; called every {@link #SWEEP_MILLIS}, so a full pass takes 0.8 s and a visitor
   * who left stops being counted here within a second. Each stripe stays a short lock.
   */
  void forgetExpired(long nowMillis) {
    for (int i = 0; i < STRIPES_PER_SWEEP; i++) {
      visitors.sweepNextStripe(nowMillis);
    }
  }
}
