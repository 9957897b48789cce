package org.portalpulse.content;

import io.vertx.core.buffer.Buffer;
import org.portalpulse.compression.GzipTemplate;
import org.portalpulse.counting.SiteCounters;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A reader page rendered once, without its live numbers: a request fills them in ({@link #with}) and
 * sends the text or its gzip without rendering or compressing the page again. Made from one article or
 * catalog under one origin ({@link #madeFrom}); a change to either makes a new one.
 */
final class PageSkeleton {
  private final Object source;
  private final String origin;
  private final GzipTemplate text;
  private final LiveCount[] places;
  private final String tagPrefix;
  private final int weight;

  /** {@code source}: the article or catalog the page shows, compared by identity (a new one is a new page). */
  PageSkeleton(Object source, String origin, SkeletonOutput rendered) {
    this.source = source;
    this.origin = origin;
    List<byte[]> runs = rendered.runs();
    this.text = new GzipTemplate(runs);
    this.places = rendered.places().toArray(LiveCount[]::new);
    CRC32 crc = new CRC32();
    int length = 0;
    for (byte[] run : runs) {
      crc.update(run);
      length += run.length;
    }
    this.tagPrefix = "W/\"" + Integer.toHexString(length) + "-" + Long.toHexString(crc.getValue());
    this.weight = length * 3;
  }

  boolean madeFrom(Object source, String origin) {
    return this.source == source && this.origin.equals(origin);
  }

  /** What it costs to keep, in bytes: its text, and its gzip forms ({@link GzipTemplate} keeps a few). */
  int weight() {
    return weight;
  }

  Filled with(SiteCounters counters, long views) {
    byte[][] values = new byte[places.length][];
    StringBuilder tag = new StringBuilder(tagPrefix.length() + places.length * 8).append(tagPrefix);
    for (int i = 0; i < places.length; i++) {
      long value = places[i].of(counters, views);
      values[i] = VietnameseFormat.number(value).getBytes(StandardCharsets.UTF_8);
      tag.append('-').append(Long.toString(value, Character.MAX_RADIX));
    }
    return new Filled(text, values, tag.append('"').toString());
  }

  /**
   * The page with its numbers. Its {@code etag} names the skeleton's text (its length and CRC) and the
   * numbers, so it changes when the page does, without reading the page's bytes.
   */
  record Filled(GzipTemplate text, byte[][] values, String etag) {
    Buffer identity() {
      return text.identity(values);
    }

    Buffer gzip() {
      return text.gzip(values);
    }
  }
}
