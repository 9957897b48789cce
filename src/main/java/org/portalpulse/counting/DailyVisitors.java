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
 * Visitors of each local hour not yet stored. A visitor is queued once per hour and instance: the
 * ids queued this hour are remembered until the hour ends. Both the memory of queued ids and the
 * queue itself are bounded, so a PostgreSQL outage of hours costs a bounded amount of memory; past
 * the bounds, unique-visitor counts may fall short, while view counts stay exact.
 */
final class DailyVisitors {
  private static final Logger LOG = LoggerFactory.getLogger(DailyVisitors.class);
  private static final int REMEMBERED = 1 << 18;
  /** 8 bytes an id: at most 64 MB waiting for PostgreSQL. */
  private static final int MAX_QUEUED = 8 << 20;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final Comparator<SiteHour> OLDEST_FIRST = Comparator.comparing(SiteHour::day).thenComparingInt(SiteHour::hour);

  private final ExpiringKeys queued = new ExpiringKeys(REMEMBERED);
  private final Map<SiteHour, LongArrayList> pending = new TreeMap<>(OLDEST_FIRST);
  private int pendingCount;
  private boolean warnedFull;

  void seen(HourSlot slot, VisitorId visitor, long nowMillis) {
    long id = visitor.high();
    // Visitor ids change every day, so (id, hour of day) names one visitor in one hour; forgotten when the hour ends.
    if (queued.addIfAbsent(id ^ (slot.hour() * GOLDEN), nowMillis, slot.endMillis())) {
      synchronized (this) {
        if (pendingCount >= MAX_QUEUED) {
          if (!warnedFull) {
            warnedFull = true;
            LOG.warn("{} visitor ids are waiting for PostgreSQL; newer ones are not kept until it catches up", pendingCount);
          }
          return;
        }
        pending.computeIfAbsent(new SiteHour(slot.day(), slot.hour()), h -> new LongArrayList()).addLong(id);
        pendingCount++;
      }
    }
  }

  /** Up to {@code max} queued ids, oldest hours first; the rest stay queued. */
  synchronized Map<SiteHour, long[]> drain(int max) {
    if (pending.isEmpty()) {
      return Map.of();
    }
    Map<SiteHour, long[]> taken = new HashMap<>();
    int room = max;
    Iterator<Map.Entry<SiteHour, LongArrayList>> hours = pending.entrySet().iterator();
    while (hours.hasNext() && room > 0) {
      Map.Entry<SiteHour, LongArrayList> hour = hours.next();
      LongArrayList ids = hour.getValue();
      int n = Math.min(room, ids.size());
      long[] part = new long[n];
      for (int i = 0; i < n; i++) {
        part[i] = ids.getLong(ids.size() - n + i);
      }
      for (int i = 0; i < n; i++) {
        ids.removeAt(ids.size() - 1);
      }
      if (ids.isEmpty()) {
        hours.remove();
      }
      taken.put(hour.getKey(), part);
      room -= n;
    }
    pendingCount -= max - room;
    if (pendingCount < MAX_QUEUED) {
      warnedFull = false;
    }
    return taken;
  }

  /** One stripe per call. */
  void forgetExpired(long nowMillis) {
    queued.sweepNextStripe(nowMillis);
  }
}
