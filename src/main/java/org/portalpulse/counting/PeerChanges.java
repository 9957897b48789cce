package org.portalpulse.counting;

import io.vertx.core.Future;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * What the other instances' flushes changed since this instance last read the totals: the site's
 * totals, and these pages', or perhaps any page's. Touched by the flusher's thread only.
 */
final class PeerChanges {
  private boolean pending;
  private boolean anyPage;
  private final Set<Long> pages = new HashSet<>();

  void add(PeerFlush flush) {
    pending = true;
    if (flush.anyPage()) {
      anyPage = true;
    } else {
      for (long id : flush.pages()) {
        pages.add(id);
      }
    }
  }

  boolean pending() {
    return pending;
  }

  /** Reads what changed (every page only when that is not known) and starts afresh. */
  Future<StoredTotals> read(CounterStore store, LocalDate fromDay) {
    Future<StoredTotals> read = anyPage ? store.load(fromDay) : store.load(fromDay, pages.toArray(Long[]::new));
    pending = false;
    anyPage = false;
    pages.clear();
    return read;
  }

  /** The read failed: read everything next time, as which pages were pending is forgotten. */
  void readFailed() {
    pending = true;
    anyPage = true;
  }
}
