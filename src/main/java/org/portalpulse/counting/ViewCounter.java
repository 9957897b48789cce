package org.portalpulse.counting;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.portalpulse.config.PulseConfig;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
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
  private final OnlineCount onlineCount;
  private final CounterLedger ledger;
  private final boolean enabled;
  private final Map<ViewVerdict, LongAdder> notCounted = new EnumMap<>(ViewVerdict.class);

  public ViewCounter(PulseConfig config, SiteCalendar calendar, BotDetector bots, DailySalts salts,
                     byte[] presenceSecret, CounterLedger ledger) {
    this.calendar = calendar;
    this.clientAddress = new ClientAddress(config.trustedProxies());
    this.bots = bots;
    this.hasher = new VisitorHasher(salts, presenceSecret);
    this.deduplicator = config.dedupEnabled() ? new Deduplicator(config.dedupWindow()) : null;
    this.online = new OnlineVisitors(config.onlineWindow());
    this.onlineCount = new OnlineCount(online::count, calendar::millis);
    this.ledger = ledger;
    this.enabled = config.countViews();
    for (ViewVerdict verdict : ViewVerdict.values()) {
      if (verdict != ViewVerdict.COUNTED) {
        notCounted.put(verdict, new LongAdder());
      }
    }
  }

  /**
   * Counts the request as a view of {@code page} (its canonical path), and of the article when
   * {@code articleId} is positive. Call it only for a request about to be answered with 200.
   */
  public ViewVerdict count(HttpServerRequest request, String page, long articleId) {
    ViewVerdict verdict = decide(request, page, articleId);
    if (verdict != ViewVerdict.COUNTED) {
      notCounted.get(verdict).increment();
    }
    return verdict;
  }

  /** A page request answered with an error: not a view, and counted as such for the metrics. */
  public void notServed() {
    notCounted.get(ViewVerdict.NOT_SERVED).increment();
  }

  /** Requests not counted as views for {@code reason} since start. */
  public long notCounted(ViewVerdict reason) {
    return notCounted.get(reason).sum();
  }

  private ViewVerdict decide(HttpServerRequest request, String page, long articleId) {
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

  /**
   * The visitor behind a live socket, as "Đang online" knows them, or empty when it is not a reader
   * (no User-Agent, or a bot): those may watch the numbers but are not counted online.
   */
  public Optional<VisitorId> presenceOf(String clientAddress, MultiMap headers) {
    String userAgent = headers.get("User-Agent");
    if (userAgent == null || userAgent.isBlank() || bots.isBot(userAgent)) {
      return Optional.empty();
    }
    return Optional.of(hasher.presenceOf(clientAddress, userAgent));
  }

  /** The client address behind a connection, believing {@code X-Forwarded-For} only from trusted proxies. */
  public String clientAddressOf(SocketAddress remote, MultiMap headers) {
    return clientAddress.of(remote, headers);
  }

  /** The visitor has a page open: keeps them "Đang online" (see {@link OnlineVisitors#hasOpenPage}). */
  public void hasOpenPage(VisitorId visitor) {
    online.hasOpenPage(visitor, calendar.millis());
  }

  /**
   * These visitors have a page open on another instance: those this instance knows (from a page
   * view) are kept only as long as that page, as if it were open here.
   */
  public void hasOpenPagesElsewhere(Long[] visitorKeys) {
    long now = calendar.millis();
    for (Long key : visitorKeys) {
      online.hasOpenPageElsewhere(key, now);
    }
  }

  /** Who is online at this instance, for sharing with the others. */
  public long[] presentVisitors() {
    return online.present(calendar.millis());
  }

  /** Visitors online as this instance alone knows them. */
  public long localOnline() {
    return online.count();
  }

  /** Distinct visitors online across every instance, as PostgreSQL just counted them. */
  public void onlineEverywhere(long visitors) {
    onlineCount.shared(visitors, calendar.millis());
  }

  public SiteCounters siteCounters() {
    LocalDate today = calendar.today();
    return new SiteCounters(
        onlineCount.current(),
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
