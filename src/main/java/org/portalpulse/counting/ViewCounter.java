package org.portalpulse.counting;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.presence.Presence;
import org.portalpulse.presence.Sighting;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

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
  private final AddressBudget addressBudget;
  private final PendingViews pending = new PendingViews();
  private final LongAdder proven = new LongAdder();
  private final Presence presence;
  private final CounterLedger ledger;
  private final boolean enabled;
  private final Map<ViewVerdict, LongAdder> notCounted = new EnumMap<>(ViewVerdict.class);

  public ViewCounter(PulseConfig config, SiteCalendar calendar, ClientAddress clientAddress, BotDetector bots,
                     VisitorHasher hasher, Presence presence, CounterLedger ledger) {
    this.calendar = calendar;
    this.clientAddress = clientAddress;
    this.bots = bots;
    this.hasher = hasher;
    this.deduplicator = config.dedupEnabled() ? new Deduplicator(config.dedupWindow()) : null;
    this.addressBudget = new AddressBudget(config.addressBudget(), config.addressWindow());
    this.presence = presence;
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

  /** Views held for their address's budget that were counted since start, once their page proved it is shown. */
  public long proven() {
    return proven.sum();
  }

  /**
   * A page of the article {@code articleId} (0: not an article) opened its live socket: the proof that
   * it is shown in a browser. Counts the view of it held for this visitor, if any.
   */
  public void shownInBrowser(String clientAddress, MultiMap headers, long articleId) {
    String userAgent = headers.get("User-Agent");
    if (!enabled || userAgent == null || userAgent.isBlank() || bots.isBot(userAgent)) {
      return;
    }
    long millis = calendar.millis();
    VisitorId visitor = hasher.presenceOf(clientAddress, userAgent);
    if (pending.prove(visitor.high(), articleId, millis)) {
      HourSlot hour = calendar.hourAt(millis);
      Sighting sighting = presence.viewed(visitor.high(), hour.startMillis(), millis, true);
      ledger.count(hour, articleId, sighting.recordsVisitor() ? hasher.visitorOf(hour.day(), clientAddress, userAgent) : null);
      proven.increment();
    }
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
    VisitorId visitor = hasher.presenceOf(address, userAgent);
    boolean firstSight = deduplicator == null || deduplicator.firstSight(visitor, page, millis);
    Sighting sighting = presence.viewed(visitor.high(), hour.startMillis(), millis, firstSight);
    if (!firstSight) {
      return ViewVerdict.DUPLICATE;
    }
    if (sighting == Sighting.NEW_VISITOR && !addressBudget.admit(address, millis)) {
      // Not a reader until the page proves it: not online, not a visitor, the view held.
      presence.forget(visitor.high(), millis);
      pending.hold(visitor.high(), articleId, millis);
      return ViewVerdict.ADDRESS_BUDGET;
    }
    // The stored id is hashed only when it is to be stored: once per visitor and hour.
    ledger.count(hour, articleId, sighting.recordsVisitor() ? hasher.visitorOf(hour.day(), address, userAgent) : null);
    return ViewVerdict.COUNTED;
  }

  /** Lets page sightings past the de-duplication window, and held views past their proof window, go. */
  void forgetExpiredSightings() {
    long millis = calendar.millis();
    if (deduplicator != null) {
      deduplicator.forgetExpired(millis);
    }
    pending.forgetExpired(millis);
  }
}
