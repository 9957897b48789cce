package org.portalpulse.counting;

import org.agrona.collections.LongArrayList;
import org.portalpulse.counting.FlushBatch.SiteHour;

import java.util.HashMap;
import java.util.Map;

/**
 * Visitors of each local hour not yet stored. A visitor is queued once per hour and instance: the
 * ids queued this hour are remembered (bounded; past the bound a visitor may be queued twice, which
 * stores a duplicate that distinct counts ignore, never a wrong count).
 */
final class DailyVisitors {
  private static final int REMEMBERED = 1 << 21;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final ExpiringKeys queued = new ExpiringKeys(REMEMBERED);
  private Map<SiteHour, LongArrayList> pending = new HashMap<>();

  void seen(HourSlot slot, VisitorId visitor, long nowMillis) {
    long id = visitor.high();
    // Visitor ids change every day, so (id, hour of day) names one visitor in one hour; forgotten when the hour ends.
    if (queued.addIfAbsent(id ^ (slot.hour() * GOLDEN), nowMillis, slot.endMillis())) {
      synchronized (this) {
        pending.computeIfAbsent(new SiteHour(slot.day(), slot.hour()), h -> new LongArrayList()).addLong(id);
      }
    }
  }

  /** Everything queued so far; the queue starts empty again. */
  Map<SiteHour, long[]> drain() {
    Map<SiteHour, LongArrayList> drained;
    synchronized (this) {
      if (pending.isEmpty()) {
        return Map.of();
      }
      drained = pending;
      pending = new HashMap<>();
    }
    Map<SiteHour, long[]> ids = new HashMap<>();
    drained.forEach((hour, list) -> ids.put(hour, list.toLongArray()));
    return ids;
  }

  /** One stripe per call; called once a flush. */
  void forgetExpired(long nowMillis) {
    queued.sweepNextStripe(nowMillis);
  }
}
