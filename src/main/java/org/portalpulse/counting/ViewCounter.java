package org.portalpulse.counting;

import io.vertx.core.http.HttpServerRequest;
import org.portalpulse.config.PulseConfig;

import java.time.LocalDate;
import java.util.Optional;

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
  private final boolean enabled;

  public ViewCounter(PulseConfig config, SiteCalendar calendar, BotDetector bots, DailySalts salts,
                     OnlineVisitors online, CounterLedger ledger) {
    this.calendar = calendar;
    this.clientAddress = new ClientAddress(config.trustedProxies());
    this.bots = bots;
    this.hasher = new VisitorHasher(salts);
    this.deduplicator = config.dedupEnabled() ? new Deduplicator(config.dedupWindow()) : null;
    this.online = online;
    this.ledger = ledger;
    this.enabled = config.countViews();
  }

  /**
   * Counts the request as a view of {@code page} (its canonical path), and of the article when
   * {@code articleId} is positive. Call it only for a request about to be answered with 200.
   */
  public ViewVerdict count(HttpServerRequest request, String page, long articleId) {
    if (!enabled) {
      return ViewVerdict.COUNTING_OFF;
    }
    Optional<ViewVerdict> excluded = RequestKind.exclusion(request);
    if (excluded.isPresent()) {
      return excluded.get();
    }
    String userAgent = request.getHeader("User-Agent");
    if (userAgent == null || userAgent.isBlank()) {
      return ViewVerdict.NO_USER_AGENT;
    }
    if (bots.isBot(userAgent)) {
      return ViewVerdict.BOT;
    }
    long millis = calendar.millis();
    HourSlot hour = calendar.hourAt(millis);
    String address = clientAddress.of(request);
    VisitorId presence = hasher.presenceOf(address, userAgent);
    boolean firstSight = deduplicator == null || deduplicator.firstSight(presence, page, millis);
    boolean newVisitorThisHour = online.seen(presence, hour, millis, firstSight);
    if (!firstSight) {
      return ViewVerdict.DUPLICATE;
    }
    // The stored id is hashed only when it is to be stored: once per visitor and hour.
    ledger.count(hour, articleId, newVisitorThisHour ? hasher.visitorOf(hour.day(), address, userAgent) : null);
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

  /** Lets visitors whose online window closed go. */
  public void forgetOfflineVisitors() {
    online.forgetExpired(calendar.millis());
  }

  /** Lets page sightings past the de-duplication window go. */
  public void forgetExpiredSightings() {
    if (deduplicator != null) {
      deduplicator.forgetExpired(calendar.millis());
    }
  }

  public long articleViews(long articleId) {
    return ledger.article(articleId);
  }
}
