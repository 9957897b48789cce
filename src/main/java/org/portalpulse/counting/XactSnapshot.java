package org.portalpulse.counting;

import java.util.Arrays;

/**
 * What a statement saw: PostgreSQL's {@code pg_current_snapshot()}, {@code xmin:xmax:xip,…}. A
 * committed transaction is in it when it had committed before the snapshot was taken, which is how a
 * peer's flush delta heard around a re-read is told apart: already in the totals read, or to be added.
 */
public record XactSnapshot(long xmin, long xmax, long[] inProgress) {

  /** The text form {@code pg_snapshot} has in PostgreSQL 13 and later. */
  static XactSnapshot parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("Not a pg_snapshot: " + text);
    }
    long[] xip = parts[2].isEmpty() ? new long[0] : Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).sorted().toArray();
    return new XactSnapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), xip);
  }

  /** Whether the committed transaction {@code xid} (an xid8) was visible to the statement: as {@code pg_visible_in_snapshot}. */
  boolean includes(long xid) {
    if (xid < xmin) {
      return true;
    }
    if (xid >= xmax) {
      return false;
    }
    return Arrays.binarySearch(inProgress, xid) < 0;
  }
}
