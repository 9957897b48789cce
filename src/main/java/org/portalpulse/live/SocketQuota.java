package org.portalpulse.live;

import org.portalpulse.counting.ClientAddress;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open sockets on this instance, across its event loops: per client address, so one address cannot
 * hold thousands (generous by default: a whole office or school may reach the portal through one
 * address), and in all, below the process's open-file limit: past that limit the server could not
 * accept a connection at all, and page views would be refused with the sockets.
 *
 * <p>An IPv6 client counts by its /64: one household, phone or virtual machine is given a whole /64,
 * and may use a new address from it for every connection, so a cap per full address caps nothing.
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

  /** Whether a socket from an address may open, and if not, which limit it met. */
  enum Admission { OPEN, INSTANCE_FULL, ADDRESS_FULL }

  /**
   * Takes a place for a socket from {@code address}, in the instance's total and in its address's
   * share, atomically; on {@link Admission#OPEN} both are the socket's until {@link #closed}.
   */
  Admission tryOpen(String address) {
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      return Admission.INSTANCE_FULL;
    }
    boolean[] reserved = {false};
    open.compute(ClientAddress.ownerOf(address), (a, count) -> {
      int current = count == null ? 0 : count;
      if (current >= maxPerAddress) {
        return count;
      }
      reserved[0] = true;
      return current + 1;
    });
    if (!reserved[0]) {
      total.decrementAndGet();
      return Admission.ADDRESS_FULL;
    }
    return Admission.OPEN;
  }

  /** Gives back both places of a socket that {@link #tryOpen} admitted. */
  void closed(String address) {
    // Removes the entry with its last socket, so the map holds only addresses with sockets open.
    open.computeIfPresent(ClientAddress.ownerOf(address), (a, count) -> count == 1 ? null : count - 1);
    total.decrementAndGet();
  }
}
