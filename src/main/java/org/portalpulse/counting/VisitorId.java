package org.portalpulse.counting;

import java.nio.ByteBuffer;

/** 128 bits of a keyed hash: identifies a visitor for one day and nothing more. */
public record VisitorId(long high, long low) {

  static VisitorId fromDigest(byte[] digest) {
    ByteBuffer buffer = ByteBuffer.wrap(digest);
    return new VisitorId(buffer.getLong(), buffer.getLong());
  }
}
