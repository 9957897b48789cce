package org.portalpulse.live;

import io.netty.util.NetUtil;

import java.util.Arrays;
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
    open.compute(holderOf(address), (a, count) -> {
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
    open.computeIfPresent(holderOf(address), (a, count) -> count == 1 ? null : count - 1);
    total.decrementAndGet();
  }

  /**
   * Who a per-address place belongs to: an IPv4 address itself, an IPv6 address's /64. Addresses
   * come from {@code ClientAddress}, which has already spelled IPv4-mapped ones as IPv4.
   */
  static String holderOf(String address) {
    byte[] bytes = address.indexOf(':') < 0 ? null : NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16) {
      return address; // IPv4, or not an address literal at all ("unknown"): counted as it is
    }
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }
}
