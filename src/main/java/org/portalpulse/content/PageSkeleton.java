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
 * catalog ({@link #madeFrom}; {@link PageSkeletons} keeps one per origin); a new article or catalog makes a new one.
 */
final class PageSkeleton {
  private final Object source;
  private final GzipTemplate text;
  private final LiveCount[] places;
  private final String tagPrefix;

  /** {@code source}: the article or catalog the page shows, compared by identity (a new one is a new page). */
  PageSkeleton(Object source, SkeletonOutput rendered) {
    this.source = source;
    List<byte[]> runs = rendered.runs();
    this.text = new GzipTemplate(runs);
    this.places = rendered.places().toArray(LiveCount[]::new);
    CRC32 crc = new CRC32();
    runs.forEach(crc::update);
    this.tagPrefix = "W/\"" + Integer.toHexString(text.textBytes()) + "-" + Long.toHexString(crc.getValue());
  }

  boolean madeFrom(Object source) {
    return this.source == source;
  }

  /** What it costs to keep, in bytes: its text, and its gzip forms ({@link GzipTemplate} keeps a few). */
  int weight() {
    return text.textBytes() * 3;
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
