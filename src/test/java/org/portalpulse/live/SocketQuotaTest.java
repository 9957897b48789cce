package org.portalpulse.live;

import org.junit.jupiter.api.DisplayName;
import org.portalpulse.counting.ClientAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The per-address socket cap counts an IPv4 address, or an IPv6 /64")
class SocketQuotaTest {

  @Test
  @DisplayName("Addresses of one IPv6 /64 share the cap; another /64 and IPv4 addresses have their own")
  void ipv6CountsByPrefix() {
    SocketQuota quota = new SocketQuota(2, 100);
    assertThat(quota.tryOpen("2001:db8:1:2::10")).isEqualTo(SocketQuota.Admission.OPEN);
    assertThat(quota.tryOpen("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).isEqualTo(SocketQuota.Admission.OPEN);
    assertThat(quota.tryOpen("2001:db8:1:2::99")).as("a third address of the same /64").isEqualTo(SocketQuota.Admission.ADDRESS_FULL);
    assertThat(quota.tryOpen("2001:db8:1:3::10")).as("the next /64").isEqualTo(SocketQuota.Admission.OPEN);
    assertThat(quota.tryOpen("203.0.113.5")).isEqualTo(SocketQuota.Admission.OPEN);
    assertThat(quota.tryOpen("203.0.113.5")).isEqualTo(SocketQuota.Admission.OPEN);
    assertThat(quota.tryOpen("203.0.113.5")).isEqualTo(SocketQuota.Admission.ADDRESS_FULL);
    assertThat(quota.tryOpen("203.0.113.6")).isEqualTo(SocketQuota.Admission.OPEN);

    quota.closed("2001:db8:1:2::10");
    assertThat(quota.tryOpen("2001:db8:1:2::77")).as("a place freed in the /64").isEqualTo(SocketQuota.Admission.OPEN);
  }

  @Test
  @DisplayName("A place belongs to an IPv6 address's /64; anything else is counted as it is")
  void holders() {
    assertThat(ClientAddress.ownerOf("203.0.113.5")).isEqualTo("203.0.113.5");
    assertThat(ClientAddress.ownerOf("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddress.ownerOf("unknown")).isEqualTo("unknown");
  }
}
