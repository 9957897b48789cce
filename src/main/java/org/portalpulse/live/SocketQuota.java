package org.portalpulse.live;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open sockets per client address on this instance, across its event loops, so one address cannot
 * hold thousands of sockets. The cap is generous by default: a whole office or school may reach the
 * portal through one address.
 */
public final class SocketQuota {
  private final int maxPerAddress;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public SocketQuota(int maxPerAddress) {
    this.maxPerAddress = maxPerAddress;
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
