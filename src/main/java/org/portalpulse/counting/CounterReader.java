package org.portalpulse.counting;

import org.portalpulse.presence.Presence;

import java.time.LocalDate;

/**
 * The numbers readers are shown, as of now: stored totals plus this instance's unflushed views,
 * in the site's calendar, and "Đang online". Reads memory only.
 */
public final class CounterReader {
  private final SiteCalendar calendar;
  private final CounterLedger ledger;
  private final Presence presence;

  public CounterReader(SiteCalendar calendar, CounterLedger ledger, Presence presence) {
    this.calendar = calendar;
    this.ledger = ledger;
    this.presence = presence;
  }

  public SiteCounters site() {
    LocalDate today = calendar.today();
    return new SiteCounters(
        presence.online(),
        ledger.day(today),
        ledger.days(calendar.weekStartOf(today), today),
        ledger.total());
  }

  /** "Lượt xem": the page's legacy views plus every counted view. */
  public long pageViews(long pageId) {
    return ledger.page(pageId);
  }
}
