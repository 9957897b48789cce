package org.portalpulse.compression;

import io.vertx.core.buffer.Buffer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A text made of fixed runs with short values between them (a page and its live numbers), written as
 * gzip without being compressed again on every request. Each run is deflated once, ending on a byte
 * boundary (a sync flush), and each value goes between them as it is, in a stored block: the request
 * only copies bytes and runs a CRC over them. Compressing a whole page per request costs several times
 * what rendering it does (BENCHMARKS.md).
 *
 * <p>A run is deflated with everything before it as its dictionary, so it may refer back across the
 * values, as a whole-page compressor would. A back reference counts bytes, so that only holds while each
 * value before it has the length it had: the values are stood in for by NUL bytes of their lengths (no
 * run of text contains NUL, so nothing refers into them), and the runs are deflated again for each set
 * of value lengths, which change rarely (a counter gains a digit).
 */
public final class GzipTemplate {
  /** deflate at zlib's default level: paid once per set of lengths, not per request. */
  private static final int LEVEL = 6;
  private static final int WINDOW = 32 * 1024;
  /**
   * Sets of lengths kept at once: a count crossing 99 ↔ 100 back and forth needs two; more start again,
   * so a page keeps at most a few gzip forms of itself.
   */
  private static final int MAX_LENGTH_SETS = 4;
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  /** An empty final block with fixed codes: ends the deflate stream after the last sync flush. */
  private static final byte[] LAST_BLOCK = {3, 0};
  private static final int STORED_BLOCK_HEADER = 5;
  private static final int TRAILER = 8;

  private final byte[][] runs;
  private final int runBytes;
  private final boolean referBack;
  private final Map<LengthSet, byte[][]> deflatedRuns = new ConcurrentHashMap<>();

  /** {@code runs}: the fixed text, one more run than there are values. */
  public GzipTemplate(List<byte[]> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("A template has at least one run");
    }
    this.runs = runs.toArray(byte[][]::new);
    int total = 0;
    boolean anyNul = false;
    for (byte[] run : this.runs) {
      total += run.length;
      for (byte b : run) {
        anyNul |= b == 0;
      }
    }
    this.runBytes = total;
    // A NUL in the text (no page should have one, but an imported title might) could be matched against
    // a value's stand-in: then each run is deflated on its own, larger but still right.
    this.referBack = !anyNul;
  }

  /** The runs' bytes, values left out. */
  public int textBytes() {
    return runBytes;
  }

  /** The runs and {@code values} in turn, as they are. */
  public Buffer identity(byte[][] values) {
    checkCount(values);
    Buffer out = Buffer.buffer(runBytes + lengthOf(values));
    for (int i = 0; i < values.length; i++) {
      out.appendBytes(runs[i]).appendBytes(values[i]);
    }
    return out.appendBytes(runs[values.length]);
  }

  /** The same content as {@link #identity}, as one gzip member. */
  public Buffer gzip(byte[][] values) {
    checkCount(values);
    byte[][] deflated = deflatedRunsFor(values);
    int size = HEADER.length + LAST_BLOCK.length + TRAILER;
    for (byte[] run : deflated) {
      size += run.length;
    }
    for (byte[] value : values) {
      size += STORED_BLOCK_HEADER + value.length;
    }
    Buffer out = Buffer.buffer(size).appendBytes(HEADER);
    CRC32 crc = new CRC32();
    for (int i = 0; i < values.length; i++) {
      out.appendBytes(deflated[i]);
      crc.update(runs[i]);
      byte[] value = values[i];
      // A stored block, not the last one: its three header bits, then up to the byte boundary, are 0.
      out.appendByte((byte) 0).appendUnsignedShortLE(value.length).appendUnsignedShortLE(~value.length & 0xffff).appendBytes(value);
      crc.update(value);
    }
    out.appendBytes(deflated[values.length]).appendBytes(LAST_BLOCK);
    crc.update(runs[values.length]);
    return out.appendIntLE((int) crc.getValue()).appendIntLE(runBytes + lengthOf(values));
  }

  private byte[][] deflatedRunsFor(byte[][] values) {
    LengthSet lengths = LengthSet.of(values);
    byte[][] deflated = deflatedRuns.get(lengths);
    if (deflated == null) {
      deflated = deflate(lengths.lengths());
      if (deflatedRuns.size() >= MAX_LENGTH_SETS) {
        deflatedRuns.clear();
      }
      deflatedRuns.put(lengths, deflated);
    }
    return deflated;
  }

  private byte[][] deflate(int[] valueLengths) {
    byte[][] deflated = new byte[runs.length][];
    byte[] dictionary = new byte[runBytes + Arrays.stream(valueLengths).sum()];
    int written = 0; // the dictionary's first bytes: the runs so far, and NULs for the values between them
    Deflater deflater = new Deflater(LEVEL, true);
    try {
      for (int i = 0; i < runs.length; i++) {
        deflater.reset();
        int from = Math.max(0, written - WINDOW);
        if (referBack && written > 0) {
          deflater.setDictionary(dictionary, from, written - from);
        }
        deflated[i] = syncFlushed(deflater, runs[i]);
        System.arraycopy(runs[i], 0, dictionary, written, runs[i].length);
        written += runs[i].length + (i < valueLengths.length ? valueLengths[i] : 0);
      }
    } finally {
      deflater.end();
    }
    return deflated;
  }

  private static byte[] syncFlushed(Deflater deflater, byte[] run) {
    deflater.setInput(run);
    byte[] out = new byte[run.length + run.length / 8 + 64];
    int length = 0;
    while (true) {
      length += deflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
      if (length < out.length) {
        return Arrays.copyOf(out, length); // room left: the flush is complete
      }
      out = Arrays.copyOf(out, out.length * 2);
    }
  }

  private void checkCount(byte[][] values) {
    if (values.length != runs.length - 1) {
      throw new IllegalArgumentException("This template takes " + (runs.length - 1) + " values, not " + values.length);
    }
    for (byte[] value : values) {
      if (value.length > 0xffff) {
        throw new IllegalArgumentException("A value is longer than a stored block holds: " + value.length + " bytes");
      }
    }
  }

  private static int lengthOf(byte[][] values) {
    int total = 0;
    for (byte[] value : values) {
      total += value.length;
    }
    return total;
  }

  private record LengthSet(int[] lengths) {
    static LengthSet of(byte[][] values) {
      int[] lengths = new int[values.length];
      for (int i = 0; i < values.length; i++) {
        lengths[i] = values[i].length;
      }
      return new LengthSet(lengths);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LengthSet set && Arrays.equals(lengths, set.lengths);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(lengths);
    }
  }
}
