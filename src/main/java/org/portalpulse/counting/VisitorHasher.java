package org.portalpulse.counting;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;

/**
 * HMAC-SHA256 of client address and User-Agent under the day's secret salt. Neither input is kept;
 * without the salt, which is deleted after the day, the id cannot be traced back to them.
 */
public final class VisitorHasher {
  private final DailySalts salts;
  // A Mac is not thread-safe and costly to create: one per event-loop thread, re-keyed when the day changes.
  private final ThreadLocal<KeyedMac> macs = new ThreadLocal<>();

  public VisitorHasher(DailySalts salts) {
    this.salts = salts;
  }

  public VisitorId visitorOf(LocalDate day, String clientAddress, String userAgent) {
    Mac mac = macFor(day);
    mac.update(clientAddress.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    mac.update(userAgent.getBytes(StandardCharsets.UTF_8));
    return VisitorId.fromDigest(mac.doFinal());
  }

  private Mac macFor(LocalDate day) {
    KeyedMac current = macs.get();
    if (current == null || !current.day.equals(day)) {
      current = new KeyedMac(day, newMac(salts.saltFor(day)));
      macs.set(current);
    }
    return current.mac;
  }

  private static Mac newMac(byte[] salt) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private record KeyedMac(LocalDate day, Mac mac) {
  }
}
