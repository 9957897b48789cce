package org.portalpulse.counting;

import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The address a view came from. {@code X-Forwarded-For} is believed only when the connection comes
 * from a configured proxy; then the right-most address not itself a trusted proxy is the client.
 */
public final class ClientAddress {
  private final Set<String> trustedProxies = new HashSet<>();

  public ClientAddress(Collection<String> trustedProxies) {
    trustedProxies.forEach(p -> this.trustedProxies.add(normalise(p)));
  }

  public String of(HttpServerRequest request) {
    // The connection's peer, not request.remoteAddress(): Vert.x Web's wrapper would first consult
    // Forwarded headers itself, and the proxies to believe are ours to decide.
    return of(request.connection().remoteAddress(), request.headers());
  }

  /** Whether the request came straight from a configured proxy, so that the forwarded headers it sets are believed. */
  public boolean fromTrustedProxy(HttpServerRequest request) {
    SocketAddress remote = request.connection().remoteAddress();
    return remote != null && remote.hostAddress() != null && trustedProxies.contains(normalise(remote.hostAddress()));
  }

  /** The client behind a connection from {@code remote} that sent {@code headers}. */
  public String of(SocketAddress remote, MultiMap headers) {
    String peer = remote == null || remote.hostAddress() == null ? "unknown" : normalise(remote.hostAddress());
    if (trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
      return peer;
    }
    // A proxy may add its own header line rather than extend the client's: read them all, right to
    // left. Scanned in place rather than joined and split: this runs for every view behind a proxy,
    // and a line of one hop, the usual case, then costs no allocation at all.
    List<String> lines = headers.getAll("X-Forwarded-For");
    for (int l = lines.size() - 1; l >= 0; l--) {
      String line = lines.get(l);
      for (int end = line.length(); end >= 0; ) {
        int comma = line.lastIndexOf(',', end - 1);
        String hop = normalise(line.substring(comma + 1, end).trim());
        end = comma;
        if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
          return hop;
        }
      }
    }
    return peer;
  }

  /**
   * Who an address belongs to, for limits per client: an IPv4 address itself, an IPv6 address's /64
   * (one household, phone or virtual machine is given a whole /64 and may use a new address from it
   * for every connection, so a limit per full address would limit nothing). Takes an address as
   * {@link #of} spells it (IPv4-mapped ones already as IPv4).
   */
  public static String ownerOf(String address) {
    byte[] bytes = address.indexOf(':') < 0 ? null : NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null || bytes.length != 16) {
      return address; // IPv4, or not an address literal at all ("unknown"): as it is
    }
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }

  /**
   * One spelling per address, so "::1" and "0:0:0:0:0:0:0:1" are the same visitor, and so is an IPv4
   * client seen through a dual-stack socket ("::ffff:203.0.113.5" is 203.0.113.5, for the visitor,
   * the trusted proxies and the socket quota alike). An IPv4 literal has one spelling already, and is
   * most of the traffic: it is returned as it is.
   */
  private static String normalise(String address) {
    if (address.indexOf(':') < 0) {
      return address;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return address;
    }
    return NetUtil.bytesToIpAddress(isIpv4Mapped(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes);
  }

  private static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
