package org.portalpulse.config;

import io.netty.util.NetUtil;

/** Proxy addresses are literals: a host name would need a DNS lookup on every request. */
final class TrustedProxyAddress {
  private TrustedProxyAddress() {
  }

  static void requireLiteral(String setting, String address) {
    if (NetUtil.createByteArrayFromIpAddressString(address) == null) {
      throw new InvalidSettingException(setting, "'" + address + "' is not an IP address");
    }
  }
}
