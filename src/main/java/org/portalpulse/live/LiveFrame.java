package org.portalpulse.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.portalpulse.counting.SiteCounters;

import java.nio.charset.StandardCharsets;

/**
 * What one open page shows: the statistics box, and the page's own views when the page is known
 * ({@code views} is negative otherwise). Compared by value, so a socket is sent a frame only when
 * something it shows changed.
 */
record LiveFrame(long online, long today, long week, long total, long views) {
  static final long NO_PAGE_COUNT = -1;

  static LiveFrame of(SiteCounters site, long views) {
    return new LiveFrame(site.online(), site.today(), site.week(), site.total(), views);
  }

  String toJson() {
    StringBuilder json = new StringBuilder(96)
        .append("{\"online\":").append(online)
        .append(",\"today\":").append(today)
        .append(",\"week\":").append(week)
        .append(",\"total\":").append(total);
    if (views >= 0) {
      json.append(",\"views\":").append(views);
    }
    return json.append('}').toString();
  }

  /**
   * The frame's bytes, once, for every socket that shows it: each write takes a duplicate (its own
   * read position over the same bytes), and releasing one is a no-op, so no socket's write can free
   * the bytes another still needs. Heap bytes, collected with the tick that built them.
   */
  ByteBuf toSharedBytes() {
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(toJson().getBytes(StandardCharsets.UTF_8)));
  }
}
