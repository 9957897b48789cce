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
  private final Admission duplicate = new Admission(ViewVerdict.DUPLICATE, null, null);
  private final Admission heldForBudget = new Admission(ViewVerdict.ADDRESS_BUDGET, null, null);

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
   * Counts the request as a view of {@code page} (its canonical path), and of its page's own count when
   * {@code pageId} is positive. Call it only for a request about to be answered with 200.
   */
  public ViewVerdict count(HttpServerRequest request, String page, long pageId) {
    Optional<ViewVerdict> excluded = excluded(request, true);
    if (excluded.isPresent()) {
      return metered(excluded.get());
    }
    Admission admission = admit(request, page);
    if (admission.verdict == ViewVerdict.COUNTED) {
      admission.countAs(pageId);
    }
    return metered(admission.verdict);
  }

  /**
   * Judges a view that a page reported itself ({@code /pulse.js}, or its no-script image) by the rules
   * of {@link #count}; {@code page} is the page's normalised path. The request is the report, not the
   * page, so its method is the endpoint's concern. A refusal is metered here; a view admitted is
   * counted once its page's id is known ({@link Admission#countAs}), so a refused one makes no page.
   */
  public Optional<Admission> admitReport(HttpServerRequest request, String page) {
    Optional<ViewVerdict> excluded = excluded(request, false);
    if (excluded.isPresent()) {
      metered(excluded.get());
      return Optional.empty();
    }
    Admission admission = admit(request, page);
    if (admission.verdict != ViewVerdict.COUNTED) {
      metered(admission.verdict);
      return Optional.empty();
    }
    return Optional.of(admission);
  }

  /** What the rules made of a view: counted, or why not. A counted one is added by {@link #countAs}, once. */
  public final class Admission {
    private final ViewVerdict verdict;
    private final HourSlot hour;
    private final VisitorId newVisitor;

    private Admission(ViewVerdict verdict, HourSlot hour, VisitorId newVisitor) {
      this.verdict = verdict;
      this.hour = hour;
      this.newVisitor = newVisitor;
    }

    /** Adds the view, in the hour it was seen, to the site and to page {@code pageId} (0: the site only). */
    public void countAs(long pageId) {
      ledger.count(hour, pageId, newVisitor);
    }
  }

  private ViewVerdict metered(ViewVerdict verdict) {
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
   * The page at {@code page} opened its live socket: the proof that it is shown in a browser. Counts
   * the view of it held for this visitor, if any, under {@code pageId} (0: toward the site only).
   */
  public void shownInBrowser(String clientAddress, MultiMap headers, String page, long pageId) {
    String userAgent = headers.get("User-Agent");
    if (!enabled || notAReader(userAgent).isPresent()) {
      return;
    }
    long millis = calendar.millis();
    VisitorId visitor = hasher.presenceOf(clientAddress, userAgent);
    if (pending.prove(visitor, page, millis)) {
      HourSlot hour = calendar.hourAt(millis);
      Sighting sighting = presence.viewed(visitor.high(), hour.startMillis(), millis, true);
      counted(hour, sighting, clientAddress, userAgent).countAs(pageId);
      proven.increment();
    }
  }

  /** Why the request is no view whoever sent it: counting off, its kind, no User-Agent, a bot. */
  private Optional<ViewVerdict> excluded(HttpServerRequest request, boolean pageRequest) {
    if (!enabled) {
      return Optional.of(ViewVerdict.COUNTING_OFF);
    }
    Optional<ViewVerdict> excluded = RequestKind.exclusion(request, pageRequest);
    if (excluded.isPresent()) {
      return excluded;
    }
    return notAReader(request.getHeader("User-Agent"));
  }

  /** Why a User-Agent is no reader's: there is none, or it is a bot's. */
  private Optional<ViewVerdict> notAReader(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return Optional.of(ViewVerdict.NO_USER_AGENT);
    }
    return bots.isBot(userAgent) ? Optional.of(ViewVerdict.BOT) : Optional.empty();
  }

  /** The rules about who sent it: the same view again, or a new visitor past the address's budget. */
  private Admission admit(HttpServerRequest request, String page) {
    String userAgent = request.getHeader("User-Agent");
    long millis = calendar.millis();
    HourSlot hour = calendar.hourAt(millis);
    String address = clientAddress.of(request);
    VisitorId visitor = hasher.presenceOf(address, userAgent);
    boolean firstSight = deduplicator == null || deduplicator.firstSight(visitor, page, millis);
    Sighting sighting = presence.viewed(visitor.high(), hour.startMillis(), millis, firstSight);
    if (!firstSight) {
      return duplicate;
    }
    if (sighting == Sighting.NEW_VISITOR && !addressBudget.admit(address, millis)) {
      if (!pending.holdUnlessShown(visitor, page, millis)) {
        // Not a reader until the page proves it: not online, not a visitor, the view held.
        presence.forget(visitor.high(), millis);
        return heldForBudget;
      }
      proven.increment();
    }
    return counted(hour, sighting, address, userAgent);
  }

  /** A view that counts, in {@code hour}; the stored id is hashed only when it is to be stored: once per visitor and hour. */
  private Admission counted(HourSlot hour, Sighting sighting, String address, String userAgent) {
    return new Admission(ViewVerdict.COUNTED, hour,
        sighting.recordsVisitor() ? hasher.visitorOf(hour.day(), address, userAgent) : null);
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
