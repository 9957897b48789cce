package org.portalpulse.counting;

import org.portalpulse.counting.FlushBatch.PageDay;
import org.portalpulse.counting.FlushBatch.SiteHour;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every counter a reader sees: what PostgreSQL holds plus what this instance counted and has not
 * yet seen committed.
 *
 * <p>Counting only ever adds to monotonic {@link LongAdder}s, so a view is never lost in a race
 * with a flush. The flusher remembers how much of each adder it has sent and has been acknowledged;
 * {@link Bases} hold stored - acknowledged, so base + counted = stored + unflushed. A commit of ours
 * moves stored and acknowledged alike and leaves the bases; other instances' commits are added to them
 * as their notifications tell them, and a re-read replaces them in one volatile write.
 *
 * <p>Memory is one adder per (day, hour) and per (day, page), plus the queued ids of each hour's
 * new visitors (bounded, see {@link VisitorQueue}); never anything per view.
 */
public final class CounterLedger {
  /** Keeps every statement small, even the first one after an outage of hours. */
  static final int MAX_VISITORS_PER_BATCH = 100_000;
  // Display cells, read on every page. Bumped before the flush cells: see count().
  private final LongAdder site = new LongAdder();
  private final ConcurrentHashMap<LocalDate, LongAdder> siteDays = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, LongAdder> pages = new ConcurrentHashMap<>();
  // Flush cells, at the grain PostgreSQL stores.
  private final ConcurrentHashMap<SiteHour, LongAdder> siteHours = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PageDay, LongAdder> pageDays = new ConcurrentHashMap<>();
  private final VisitorQueue visitors = new VisitorQueue();
  // The cells of the current hour, so most views find them without a map look-up.
  private volatile HourCells currentHour = new HourCells(null, null, null);

  // Touched only by the flusher, one batch at a time.
  private final Map<SiteHour, Long> siteHoursSent = new HashMap<>();
  private final Map<PageDay, Long> pageDaysSent = new HashMap<>();
  private final Map<LocalDate, Long> siteDaysAcked = new HashMap<>();
  private final Map<Long, Long> pagesAcked = new HashMap<>();
  private volatile long siteAcked;

  private volatile Bases bases = new Bases(0, Map.of(), Map.of());

  /**
   * Counts one view. {@code pageId} is 0 for a view counted toward the site only (a page not known, or refused a place); {@code newVisitor}
   * is the visitor when this is their first view of the hour, else null.
   */
  public void count(HourSlot slot, long pageId, VisitorId newVisitor) {
    HourCells hour = cellsOf(slot);
    // Display cells first: a flush in between then sees the view as unflushed, never twice.
    site.increment();
    hour.day.increment();
    if (pageId > 0) {
      cell(pages, pageId).increment();
    }
    hour.hour.increment();
    if (pageId > 0) {
      cell(pageDays, new PageDay(slot.day(), pageId)).increment();
    }
    if (newVisitor != null) {
      visitors.add(slot, newVisitor);
    }
  }

  private HourCells cellsOf(HourSlot slot) {
    HourCells cells = currentHour;
    if (slot.equals(cells.slot)) {
      return cells;
    }
    cells = new HourCells(slot, cell(siteDays, slot.day()), cell(siteHours, new SiteHour(slot.day(), slot.hour())));
    currentHour = cells;
    return cells;
  }

  public long total() {
    return bases.siteTotal + site.sum();
  }

  public long day(LocalDate day) {
    return bases.siteDays.getOrDefault(day, 0L) + sum(siteDays.get(day));
  }

  /** Views from {@code from} to {@code to}, both included. */
  public long days(LocalDate from, LocalDate to) {
    long views = 0;
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      views += day(d);
    }
    return views;
  }

  public long page(long pageId) {
    return bases.pages.getOrDefault(pageId, 0L) + sum(pages.get(pageId));
  }

  /** Views counted here and not yet committed to PostgreSQL. */
  public long unflushed() {
    return site.sum() - siteAcked;
  }

  /**
   * Views counted here since start, and how many of them PostgreSQL has committed, read so that
   * counted = flushed + buffered holds exactly: the acknowledged count is read first, and every
   * acknowledged view had been counted before.
   */
  public ViewTally tally() {
    long flushed = siteAcked;
    long counted = site.sum();
    return new ViewTally(counted, flushed);
  }

  /** Views counted by this instance since it started, and how many of those are committed. */
  public record ViewTally(long counted, long flushed) {
    public long buffered() {
      return counted - flushed;
    }
  }

  /** Visitor ids still waiting for a batch. */
  public boolean hasQueuedVisitors() {
    return !visitors.isEmpty();
  }

  /** Starts from what PostgreSQL holds, before anything is counted. */
  public void load(StoredTotals stored) {
    rebase(stored);
  }

  /** What was counted since the last batch. Called by the flusher only. */
  public FlushBatch nextBatch() {
    Map<SiteHour, Long> hours = unsent(siteHours, siteHoursSent);
    Map<PageDay, Long> days = unsent(pageDays, pageDaysSent);
    return new FlushBatch(UUID.randomUUID(), hours, days, visitors.drain(MAX_VISITORS_PER_BATCH));
  }

  /**
   * The batch is committed, by this attempt or an earlier one whose answer was lost. Bases do not
   * move: the batch is now in both what PostgreSQL holds and what it acknowledged. (No re-read ran
   * between the batch's first attempt and now: {@link #rebase} waits for batches in flight.)
   */
  public void acknowledge(FlushBatch batch) {
    siteAcked += batch.views();
    batch.viewsPerDay().forEach((day, views) -> siteDaysAcked.merge(day, views, Long::sum));
    batch.viewsPerPage().forEach((id, views) -> pagesAcked.merge(id, views, Long::sum));
  }

  /**
   * Starts again from totals PostgreSQL holds now. Only while no batch of this instance is in flight,
   * so that {@code stored} holds exactly the batches acknowledged here.
   */
  public void rebase(StoredTotals stored) {
    Map<LocalDate, Long> days = new HashMap<>();
    stored.siteDays().forEach((day, views) -> days.put(day, views - siteDaysAcked.getOrDefault(day, 0L)));
    Map<Long, Long> pageBases = new HashMap<>();
    stored.pages().forEach((id, views) -> pageBases.put(id, views - pagesAcked.getOrDefault(id, 0L)));
    bases = new Bases(stored.siteTotal() - siteAcked, days, pageBases);
  }

  /** Another instance committed these views: added to what PostgreSQL is known to hold. Flusher's thread only. */
  public void addStored(long siteViews, Map<LocalDate, Long> days, Map<Long, Long> pageViews) {
    Bases current = bases;
    days.forEach((day, views) -> current.siteDays.merge(day, views, Long::sum));
    pageViews.forEach((id, views) -> current.pages.merge(id, views, Long::sum));
    current.siteTotal += siteViews;
  }

  /**
   * Forgets fully flushed cells of days that can no longer be shown or counted, so memory does not
   * grow with uptime. Called by the flusher only, after an acknowledgement.
   */
  public void forgetBefore(LocalDate day) {
    forgetSent(siteHours, siteHoursSent, key -> key.day().isBefore(day));
    forgetSent(pageDays, pageDaysSent, key -> key.day().isBefore(day));
  }

  private static <K> void forgetSent(Map<K, LongAdder> cells, Map<K, Long> sent, Predicate<K> old) {
    for (Iterator<Map.Entry<K, LongAdder>> it = cells.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<K, LongAdder> cell = it.next();
      if (old.test(cell.getKey()) && cell.getValue().sum() == sent.getOrDefault(cell.getKey(), 0L)) {
        it.remove();
        sent.remove(cell.getKey());
      }
    }
  }

  private static <K> Map<K, Long> unsent(Map<K, LongAdder> cells, Map<K, Long> sent) {
    Map<K, Long> deltas = new HashMap<>();
    cells.forEach((key, adder) -> {
      long counted = adder.sum();
      long already = sent.getOrDefault(key, 0L);
      if (counted > already) {
        deltas.put(key, counted - already);
        sent.put(key, counted);
      }
    });
    return deltas;
  }

  private static <K> LongAdder cell(ConcurrentHashMap<K, LongAdder> cells, K key) {
    LongAdder adder = cells.get(key);
    return adder != null ? adder : cells.computeIfAbsent(key, (Function<K, LongAdder>) k -> new LongAdder());
  }

  private static long sum(LongAdder adder) {
    return adder == null ? 0 : adder.sum();
  }

  private record HourCells(HourSlot slot, LongAdder day, LongAdder hour) {
  }

  /**
   * Stored totals minus what this instance has had acknowledged. Peers' deltas change it in place, one
   * key at a time, from the flusher's thread: copying every page's base for each of them would cost more
   * than the read they replace. A reader sees each key's old or new base, and either is a true total.
   * A re-read replaces it whole.
   */
  private static final class Bases {
    private volatile long siteTotal;
    private final ConcurrentHashMap<LocalDate, Long> siteDays;
    private final ConcurrentHashMap<Long, Long> pages;

    Bases(long siteTotal, Map<LocalDate, Long> siteDays, Map<Long, Long> pages) {
      this.siteTotal = siteTotal;
      this.siteDays = new ConcurrentHashMap<>(siteDays);
      this.pages = new ConcurrentHashMap<>(pages);
    }
  }
}
