package org.portalpulse.counting;

import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The client address: the right-most X-Forwarded-For hop that is not a trusted proxy")
class ClientAddressTest {
  private static final SocketAddress PROXY = SocketAddress.inetSocketAddress(40000, "10.0.0.1");
  private static final SocketAddress STRANGER = SocketAddress.inetSocketAddress(40000, "198.51.100.7");
  private final ClientAddress addresses = new ClientAddress(List.of("10.0.0.1", "10.0.0.2", "::1"));

  @Test
  @DisplayName("One hop from a trusted proxy is the client")
  void oneHop() {
    assertThat(addresses.of(PROXY, forwardedFor("203.0.113.5"))).isEqualTo("203.0.113.5");
  }

  @Test
  @DisplayName("Hops the client wrote itself, left of the last untrusted one, are not believed")
  void rightMostUntrusted() {
    assertThat(addresses.of(PROXY, forwardedFor("1.2.3.4, 203.0.113.5"))).isEqualTo("203.0.113.5");
    assertThat(addresses.of(PROXY, forwardedFor("1.2.3.4,203.0.113.5 , 10.0.0.2"))).isEqualTo("203.0.113.5");
  }

  @Test
  @DisplayName("Several header lines are read as one list, in order; empty hops are skipped")
  void severalLines() {
    assertThat(addresses.of(PROXY, forwardedFor("1.2.3.4, 203.0.113.5", "10.0.0.2"))).isEqualTo("203.0.113.5");
    assertThat(addresses.of(PROXY, forwardedFor("203.0.113.5", " , ,"))).isEqualTo("203.0.113.5");
    assertThat(addresses.of(PROXY, forwardedFor("1.2.3.4", "203.0.113.5"))).as("the last line is the nearest hop").isEqualTo("203.0.113.5");
  }

  @Test
  @DisplayName("Only trusted hops, or none at all: the peer itself")
  void onlyProxies() {
    assertThat(addresses.of(PROXY, forwardedFor("10.0.0.2, 10.0.0.1"))).isEqualTo("10.0.0.1");
    assertThat(addresses.of(PROXY, forwardedFor(""))).isEqualTo("10.0.0.1");
    assertThat(addresses.of(PROXY, MultiMap.caseInsensitiveMultiMap())).isEqualTo("10.0.0.1");
  }

  @Test
  @DisplayName("From a peer that is not a trusted proxy, X-Forwarded-For is ignored")
  void untrustedPeer() {
    assertThat(addresses.of(STRANGER, forwardedFor("203.0.113.5"))).isEqualTo("198.51.100.7");
  }

  @Test
  @DisplayName("IPv6 hops have one spelling, and a trusted proxy is recognised however it is written")
  void ipv6() {
    assertThat(addresses.of(PROXY, forwardedFor("2001:db8:0:0:0:0:0:1, 0:0:0:0:0:0:0:1"))).isEqualTo("2001:db8::1");
  }

  @Test
  @DisplayName("An IPv4-mapped IPv6 address is its IPv4 address: one visitor, one quota, one trusted proxy")
  void ipv4Mapped() {
    assertThat(addresses.of(PROXY, forwardedFor("::ffff:203.0.113.5"))).isEqualTo("203.0.113.5");
    assertThat(addresses.of(PROXY, forwardedFor("::ffff:203.0.113.6"))).isNotEqualTo("203.0.113.5");
    SocketAddress mappedProxy = SocketAddress.inetSocketAddress(40000, "::ffff:10.0.0.1");
    assertThat(addresses.of(mappedProxy, forwardedFor("203.0.113.5"))).as("the proxy is trusted").isEqualTo("203.0.113.5");
  }

  private static MultiMap forwardedFor(String... lines) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String line : lines) {
      headers.add("X-Forwarded-For", line);
    }
    return headers;
  }
}
