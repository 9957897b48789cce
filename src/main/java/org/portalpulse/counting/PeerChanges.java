package org.portalpulse.counting;

import io.vertx.core.Future;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/**
 * What the other instances' flushes changed since this instance last read the totals: the site's
 * totals, and these articles', or perhaps any article's. Touched by the flusher's thread only.
 */
final class PeerChanges {
  private boolean pending;
  private boolean anyArticle;
  private final Set<Long> articles = new HashSet<>();

  void add(PeerFlush flush) {
    pending = true;
    if (flush.anyArticle()) {
      anyArticle = true;
    } else {
      for (long id : flush.articles()) {
        articles.add(id);
      }
    }
  }

  boolean pending() {
    return pending;
  }

  /** Reads what changed (every article only when that is not known) and starts afresh. */
  Future<StoredTotals> read(CounterStore store, LocalDate fromDay) {
    Future<StoredTotals> read = anyArticle ? store.load(fromDay) : store.load(fromDay, articles.toArray(Long[]::new));
    pending = false;
    anyArticle = false;
    articles.clear();
    return read;
  }

  /** The read failed: read everything next time, as which articles were pending is forgotten. */
  void readFailed() {
    pending = true;
    anyArticle = true;
  }
}
