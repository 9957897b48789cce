package org.portalpulse.counting;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many new visitors each client address (an IPv6 client by its /64) has brought in the current
 * window. Up to the budget they count at once; past it, a new visitor's view counts only once their
 * page proves it is shown in a browser ({@link PendingViews}). A script that sends GETs with a new
 * User-Agent each time thus adds at most the budget a window, while readers behind one busy address
 * (an office, a carrier's NAT) still count through their browsers.
 *
 * <p>A fixed array of counters indexed by a keyed hash of the address, not a map: memory stays the
 * same whatever the number of addresses, and a new visitor costs one atomic update. Addresses that
 * share a counter add up, so under a flood of millions of addresses some real readers are asked for
 * the proof sooner; none is lost for it.
 */
final class AddressBudget {
  private static final int SLOTS = 1 << 20;
  private static final int COUNT_BITS = 32;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

  private final AtomicLongArray slots = new AtomicLongArray(SLOTS);
  private final long seed = ThreadLocalRandom.current().nextLong();
  private final long budget;
  private final long windowMillis;

  /** {@code budget} 0: no budget, every new visitor counts at once. */
  AddressBudget(int budget, Duration window) {
    this.budget = budget;
    this.windowMillis = window.toMillis();
  }

  /** A new visitor from {@code address}: true while the address is within its budget. */
  boolean admit(String address, long nowMillis) {
    if (budget == 0) {
      return true;
    }
    int slot = slotOf(ClientAddress.ownerOf(address));
    long window = nowMillis / windowMillis;
    while (true) {
      long current = slots.get(slot);
      boolean sameWindow = (current >>> COUNT_BITS) == window;
      long count = sameWindow ? current & COUNT_MASK : 0;
      if (count >= budget) {
        return false;
      }
      if (slots.compareAndSet(slot, current, (window << COUNT_BITS) | (count + 1))) {
        return true;
      }
    }
  }

  /** Keyed, so that nobody can pick addresses that share a counter with someone else's on purpose. */
  private int slotOf(String owner) {
    long h = seed;
    for (int i = 0; i < owner.length(); i++) {
      h = (h ^ owner.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h >>> 44); // the top 20 bits
  }
}
