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

  boolean isFull(String address) {
    Integer count = open.get(address);
    return count != null && count >= maxPerAddress;
  }

  void opened(String address) {
    open.merge(address, 1, Integer::sum);
  }

  void closed(String address) {
    // Removes the entry with its last socket, so the map holds only addresses with sockets open.
    open.computeIfPresent(address, (a, count) -> count == 1 ? null : count - 1);
  }

  int maxPerAddress() {
    return maxPerAddress;
  }
}
