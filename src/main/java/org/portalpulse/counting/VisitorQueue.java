package org.portalpulse.counting;

import org.agrona.collections.LongArrayList;
import org.portalpulse.counting.FlushBatch.SiteHour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Visitor ids waiting for PostgreSQL, per local hour. Presence lets a visitor in once
 * an hour while they stay online (one who comes back later that hour may be queued again, which
 * distinct counts absorb). The queue is bounded, so a PostgreSQL outage of hours costs bounded memory; past the
 * bound, unique-visitor counts may fall short, while view counts stay exact.
 *
 * <p>Striped by visitor, each stripe behind its own lock: one lock for all would be taken by every
 * event loop for every new visitor, and under a flood the contention showed in throughput.
 */
final class VisitorQueue {
  private static final Logger LOG = LoggerFactory.getLogger(VisitorQueue.class);
  private static final int STRIPES = 16;
  /** 8 bytes an id: at most 64 MB waiting for PostgreSQL. */
  private static final int MAX_QUEUED = 8 << 20;
  private static final Comparator<SiteHour> OLDEST_FIRST = Comparator.comparing(SiteHour::day).thenComparingInt(SiteHour::hour);

  private final Stripe[] stripes = new Stripe[STRIPES];

  VisitorQueue() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  void add(HourSlot slot, VisitorId visitor) {
    long id = visitor.high();
    stripes[(int) (id >>> 60)].add(slot, id);
  }

  boolean isEmpty() {
    for (Stripe stripe : stripes) {
      if (!stripe.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** Up to {@code max} queued ids, oldest hours first within each stripe; the rest stay queued. */
  Map<SiteHour, long[]> drain(int max) {
    Map<SiteHour, LongArrayList> taken = new HashMap<>();
    for (Stripe stripe : stripes) {
      stripe.drainInto(taken, max / STRIPES);
    }
    Map<SiteHour, long[]> ids = new HashMap<>();
    taken.forEach((hour, list) -> ids.put(hour, list.toLongArray()));
    return ids;
  }

  private static final class Stripe {
    private final Map<SiteHour, LongArrayList> pending = new TreeMap<>(OLDEST_FIRST);
    private int count;
    private boolean warnedFull;
    // Nearly every id joins the same hour as the one before: keep that hour's list at hand.
    private HourSlot lastSlot;
    private LongArrayList lastList;

    synchronized void add(HourSlot slot, long id) {
      if (count >= MAX_QUEUED / STRIPES) {
        if (!warnedFull) {
          warnedFull = true;
          LOG.warn("Visitor ids are piling up waiting for PostgreSQL; newer ones are not kept until it catches up");
        }
        return;
      }
      if (slot != lastSlot) {
        lastList = pending.computeIfAbsent(new SiteHour(slot.day(), slot.hour()), h -> new LongArrayList());
        lastSlot = slot;
      }
      lastList.addLong(id);
      count++;
    }

    synchronized boolean isEmpty() {
      return count == 0;
    }

    synchronized void drainInto(Map<SiteHour, LongArrayList> taken, int max) {
      int room = max;
      Iterator<Map.Entry<SiteHour, LongArrayList>> hours = pending.entrySet().iterator();
      while (hours.hasNext() && room > 0) {
        Map.Entry<SiteHour, LongArrayList> hour = hours.next();
        LongArrayList ids = hour.getValue();
        LongArrayList into = taken.computeIfAbsent(hour.getKey(), h -> new LongArrayList());
        int n = Math.min(room, ids.size());
        for (int i = 0; i < n; i++) {
          into.addLong(ids.removeAt(ids.size() - 1)); // from the end: O(1) each
        }
        if (ids.isEmpty()) {
          hours.remove();
          if (ids == lastList) {
            lastSlot = null;
            lastList = null;
          }
        }
        room -= n;
      }
      count -= max - room;
      if (count < MAX_QUEUED / STRIPES) {
        warnedFull = false;
      }
    }
  }
}
