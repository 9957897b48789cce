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
    open.compute(holderOf(address), (a, count) -> {
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
    open.computeIfPresent(holderOf(address), (a, count) -> count == 1 ? null : count - 1);
  }

  /** Who a per-address place belongs to: an IPv4 address itself, an IPv6 address's /64. */
  static String holderOf(String address) {
    byte[] bytes = address.indexOf(':') < 0 ? null : NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16) {
      return address; // IPv4, or not an address literal at all ("unknown"): counted as it is
    }
    if (isIpv4Mapped(bytes)) {
      return NetUtil.bytesToIpAddress(Arrays.copyOfRange(bytes, 12, 16));
    }
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }

  private static boolean isIpv4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
  }
}
