package org.portalpulse.counting;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds what other instances' flushes committed to the ledger, each exactly once, around the full
 * re-reads that start it over: a delta the re-read's snapshot already includes is not added again,
 * whether its notification came before the read's answer or after. Touched by the flusher's thread only.
 */
final class PeerDeltas {
  /** Deltas heard while a read runs are kept to be added again after it; a read that hangs does not keep more. */
  private static final int MAX_HEARD_DURING_READ = 10_000;

  private final CounterLedger ledger;
  private XactSnapshot lastRead;
  private boolean reading;
  private boolean rereadWanted;
  private final List<PeerFlush> heardDuringRead = new ArrayList<>();

  PeerDeltas(CounterLedger ledger) {
    this.ledger = ledger;
  }

  /** A peer's flush: added at once, or noted that every total must be read again. */
  void heard(PeerFlush flush) {
    if (flush.rereadAll()) {
      rereadWanted = true;
      return;
    }
    if (lastRead != null && lastRead.includes(flush.xid())) {
      return; // its commit came before the last read, which counted it
    }
    ledger.addStored(flush.siteViews(), flush.days(), flush.pages());
    if (reading) {
      if (heardDuringRead.size() < MAX_HEARD_DURING_READ) {
        heardDuringRead.add(flush);
      } else {
        rereadWanted = true;
      }
    }
  }

  /** Something (a notification, a reconnect) said every total may have changed. */
  void rereadWanted() {
    rereadWanted = true;
  }

  boolean wantsReread() {
    return rereadWanted;
  }

  void readStarted() {
    reading = true;
    rereadWanted = false;
    heardDuringRead.clear();
  }

  /**
   * The read's answer: the ledger starts over from it, then takes back the deltas heard meanwhile that
   * committed after its snapshot. Any that committed before it were delivered after the read was sent,
   * and it has them already.
   */
  void readDone(StoredTotals stored) {
    ledger.rebase(stored);
    for (PeerFlush flush : heardDuringRead) {
      if (!stored.snapshot().includes(flush.xid())) {
        ledger.addStored(flush.siteViews(), flush.days(), flush.pages());
      }
    }
    lastRead = stored.snapshot();
    reading = false;
    heardDuringRead.clear();
  }

  /** The deltas heard meanwhile are in the ledger already; only the read is to be done again. */
  void readFailed() {
    reading = false;
    rereadWanted = true;
    heardDuringRead.clear();
  }
}
