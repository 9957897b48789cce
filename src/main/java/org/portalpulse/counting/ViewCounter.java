package org.portalpulse.counting;

import io.vertx.core.http.HttpServerRequest;
import org.portalpulse.config.PulseConfig;

import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Where a page view is counted: decides whether a request is a real view and, if so, adds it to
 * the in-memory ledger. Nothing here waits on I/O; PostgreSQL sees the view in the next flush.
 */
public final class ViewCounter {
  private final SiteCalendar calendar;
  private final ClientAddress clientAddress;
  private final BotDetector bots;
  private final VisitorHasher hasher;
  private final Deduplicator deduplicator;
  private final OnlineVisitors online;
  private final CounterLedger ledger;

  public ViewCounter(PulseConfig config, SiteCalendar calendar, BotDetector bots, DailySalts salts,
                     OnlineVisitors online, CounterLedger ledger) {
    this.calendar = calendar;
    this.clientAddress = new ClientAddress(config.trustedProxies());
    this.bots = bots;
    this.hasher = new VisitorHasher(salts);
    this.deduplicator = config.dedupEnabled() ? new Deduplicator(config.dedupWindow(), calendar.clock()) : null;
    this.online = online;
    this.ledger = ledger;
  }

  /**
   * Counts the request as a view of {@code page} (its canonical path), and of the article when
   * {@code articleId} is positive. Call it only for a request about to be answered with 200.
   */
  public ViewVerdict count(HttpServerRequest request, String page, long articleId) {
    ViewVerdict kind = RequestKind.classify(request);
    if (!kind.counted()) {
      return kind;
    }
    String userAgent = request.getHeader("User-Agent");
    if (userAgent == null || userAgent.isBlank()) {
      return ViewVerdict.NO_USER_AGENT;
    }
    if (bots.isBot(userAgent)) {
      return ViewVerdict.BOT;
    }
    ZonedDateTime now = calendar.now();
    LocalDate day = now.toLocalDate();
    VisitorId visitor = hasher.visitorOf(day, clientAddress.of(request), userAgent);
    online.seen(visitor);
    if (deduplicator != null && !deduplicator.firstSight(visitor, page)) {
      return ViewVerdict.DUPLICATE;
    }
    ledger.count(day, now.getHour(), articleId, visitor);
    return ViewVerdict.COUNTED;
  }

  public SiteCounters siteCounters() {
    LocalDate today = calendar.today();
    return new SiteCounters(
        online.count(),
        ledger.day(today),
        ledger.days(calendar.weekStartOf(today), today),
        ledger.total());
  }

  public long articleViews(long articleId) {
    return ledger.article(articleId);
  }
}
