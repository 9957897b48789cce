package org.portalpulse.presence;

import org.apache.datasketches.cpc.CpcSketch;

import java.util.Arrays;

/**
 * Who is online on one instance, as it tells the others: its visitors' keys while they are few, exactly,
 * else a CPC sketch of them, a few kilobytes whatever their number. The union of every instance's image
 * is "Đang online", and a visitor in two images is one: exact while every image is, and otherwise within
 * the sketch's error (BENCHMARKS.md, "Scale-out").
 *
 * <p>CPC rather than HyperLogLog: the same library's HLL at the same size has about twice the error.
 */
final class PresenceImage {
  /** Up to this many keys go as they are: 4 KB, about half a sketch. */
  static final int EXACT_LIMIT = 512;
  /** 2^14 buckets: about 8 KB, a standard error of about half a percent. */
  static final int LG_K = 14;
  static final PresenceImage NOBODY = new PresenceImage(new long[0], null);

  private final long[] exact;
  private final CpcSketch sketch;

  private PresenceImage(long[] exact, CpcSketch sketch) {
    this.exact = exact;
    this.sketch = sketch;
  }

  static PresenceImage of(long[] keys) {
    if (keys.length <= EXACT_LIMIT) {
      long[] sorted = keys.clone();
      Arrays.sort(sorted); // an unchanged set is then an equal array, and is not sent again
      return new PresenceImage(sorted, null);
    }
    return new PresenceImage(null, sketchOf(keys));
  }

  static CpcSketch sketchOf(long[] keys) {
    CpcSketch sketch = new CpcSketch(LG_K);
    for (long key : keys) {
      sketch.update(key);
    }
    return sketch;
  }

  boolean isExact() {
    return exact != null;
  }

  /** The keys, sorted; null for a sketch. */
  long[] exact() {
    return exact;
  }

  /** As a sketch, whichever it is: for a union with a sketch. */
  CpcSketch sketch() {
    return sketch != null ? sketch : sketchOf(exact);
  }

  /** The sketch as stored; null for exact keys. */
  byte[] sketchBytes() {
    return sketch == null ? null : sketch.toByteArray();
  }

  /** The same visitors: for exact images, the same keys; a sketch is never taken for unchanged. */
  boolean sameAs(PresenceImage other) {
    return other != null && isExact() && other.isExact() && Arrays.equals(exact, other.exact);
  }
}
