package org.portalpulse.counting;

import java.nio.ByteBuffer;

/** 128 bits of a keyed hash: identifies a visitor for one day and nothing more. */
public record VisitorId(long high, long low) {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /**
   * 64 bits of (this visitor, {@code page}), the key of the tables that remember a visitor's page for a
   * while: with a table full, two pairs share a key with odds of about 1 in 10^14.
   */
  long withPage(String page) {
    return mix(high ^ mix(low + page.hashCode() * GOLDEN));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static VisitorId fromDigest(byte[] digest) {
    ByteBuffer buffer = ByteBuffer.wrap(digest);
    return new VisitorId(buffer.getLong(), buffer.getLong());
  }
}
