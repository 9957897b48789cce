package org.portalpulse.live;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The per-address socket cap counts an IPv4 address, or an IPv6 /64")
class SocketQuotaTest {

  @Test
  @DisplayName("Addresses of one IPv6 /64 share the cap; another /64 and IPv4 addresses have their own")
  void ipv6CountsByPrefix() {
    SocketQuota quota = new SocketQuota(2, 100);
    assertThat(quota.tryReserve("2001:db8:1:2::10")).isTrue();
    assertThat(quota.tryReserve("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isTrue();
    assertThat(quota.tryReserve("2001:db8:1:2::99")).as("a third address of the same /64").isFalse();
    assertThat(quota.tryReserve("2001:db8:1:3::10")).as("the next /64").isTrue();
    assertThat(quota.tryReserve("203.0.113.5")).isTrue();
    assertThat(quota.tryReserve("203.0.113.5")).isTrue();
    assertThat(quota.tryReserve("203.0.113.5")).isFalse();
    assertThat(quota.tryReserve("203.0.113.6")).isTrue();

    quota.closed("2001:db8:1:2::10");
    assertThat(quota.tryReserve("2001:db8:1:2::77")).as("a place freed in the /64").isTrue();
  }

  @Test
  @DisplayName("An IPv4-mapped IPv6 address is its IPv4 address, not the shared ::ffff:0:0/64")
  void ipv4Mapped() {
    assertThat(SocketQuota.holderOf("::ffff:203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(SocketQuota.holderOf("::ffff:203.0.113.6")).isNotEqualTo(SocketQuota.holderOf("::ffff:203.0.113.5"));
    assertThat(SocketQuota.holderOf("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
    assertThat(SocketQuota.holderOf("unknown")).isEqualTo("unknown");
  }
}
