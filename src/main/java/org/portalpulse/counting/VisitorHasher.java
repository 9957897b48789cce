package org.portalpulse.counting;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.LocalDate;

/**
 * Names a visitor without keeping who they are: HMAC-SHA256 of client address and User-Agent.
 *
 * <ul>
 *   <li>The stored id is keyed by the day's secret salt, shared by every instance and deleted after
 *       the day, so a stored id cannot be traced back or linked across days.</li>
 *   <li>The presence id, for "Đang online" and de-duplication, is keyed by a secret shared by the
 *       instances (so a reader with pages open on two instances is one visitor online) that does not
 *       change at midnight, so a reader who stays across midnight is neither counted online twice
 *       nor counted again for a reload. Presence ids reach PostgreSQL only as the current online
 *       set, replaced every second, never with a day or a page.</li>
 * </ul>
 */
public final class VisitorHasher {
  private final DailySalts salts;
  private final byte[] presenceSecret;
  // A Mac is not thread-safe and costly to create: one per event-loop thread, re-keyed when the day changes.
  private final ThreadLocal<KeyedMac> macs = new ThreadLocal<>();
  private final ThreadLocal<Mac> presenceMacs;

  public VisitorHasher(DailySalts salts, byte[] presenceSecret) {
    this.salts = salts;
    this.presenceSecret = presenceSecret.clone();
    this.presenceMacs = ThreadLocal.withInitial(() -> newMac(this.presenceSecret));
  }

  /**
   * The visitor as every instance knows them while they are around: kept in memory, and shared
   * only as part of an instance's current online set; never stored with a day or a page.
   */
  public VisitorId presenceOf(String clientAddress, String userAgent) {
    return digest(presenceMacs.get(), clientAddress, userAgent);
  }

  /** The visitor as stored for {@code day}: the same in every instance that day. */
  public VisitorId visitorOf(LocalDate day, String clientAddress, String userAgent) {
    return digest(macFor(day), clientAddress, userAgent);
  }

  private static VisitorId digest(Mac mac, String clientAddress, String userAgent) {
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
