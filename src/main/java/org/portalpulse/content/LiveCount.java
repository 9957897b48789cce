package org.portalpulse.content;

import org.portalpulse.counting.SiteCounters;

/** A number a page shows live: the article's views and the four of the statistics box. */
enum LiveCount {
  VIEWS, ONLINE, TODAY, WEEK, TOTAL;

  /**
   * Written by {@link ShownNumbers#PLACES} where this number goes: an empty array, recognised by its
   * identity. The HTML output passes binary content through untouched, so {@link SkeletonOutput} sees it.
   */
  private final byte[] marker = new byte[0];

  long of(SiteCounters counters, long views) {
    return switch (this) {
      case VIEWS -> views;
      case ONLINE -> counters.online();
      case TODAY -> counters.today();
      case WEEK -> counters.week();
      case TOTAL -> counters.total();
    };
  }

  byte[] marker() {
    return marker;
  }

  /** The number {@code bytes} marks, or null for ordinary content. */
  static LiveCount markedBy(byte[] bytes) {
    if (bytes.length == 0) {
      for (LiveCount count : values()) {
        if (bytes == count.marker) {
          return count;
        }
      }
    }
    return null;
  }
}
