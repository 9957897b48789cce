package org.portalpulse.live;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open sockets on this instance, across its event loops: per client address, so one address cannot
 * hold thousands (generous by default: a whole office or school may reach the portal through one
 * address), and in all, below the process's open-file limit: past that limit the server could not
 * accept a connection at all, and page views would be refused with the sockets.
 */
public final class SocketQuota {
  private final int maxPerAddress;
  private final int maxTotal;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  public SocketQuota(int maxPerAddress, int maxTotal) {
    this.maxPerAddress = maxPerAddress;
    this.maxTotal = maxTotal;
  }

  /** Takes a place in the instance's total, atomically; false when the instance is full. */
  boolean tryReserveTotal() {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return false;
    }
    return true;
  }

  void releaseTotal() {
    total.decrementAndGet();
  }

  /** Takes a place for a socket from {@code address}, atomically; false when it has none left. */
  boolean tryReserve(String address) {
    boolean[] reserved = {false};
    open.compute(address, (a, count) -> {
      int current = count == null ? 0 : count;
      if (current >= maxPerAddress) {
        return count;
      }
      reserved[0] = true;
      return current + 1;
    });
    return reserved[0];
  }

  void closed(String address) {
    // Removes the entry with its last socket, so the map holds only addresses with sockets open.
    open.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
  }
}
