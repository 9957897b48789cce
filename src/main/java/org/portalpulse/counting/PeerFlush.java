package org.portalpulse.counting;

import org.portalpulse.db.SqlQueries;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A committed flush, as its notification on {@link SqlQueries#PEER_FLUSHED_CHANNEL} tells it: the
 * instance that wrote it, its transaction, and what it added, so that the others add the same
 * without reading anything. One flush may take several notifications (chunks), each an additive delta
 * on its own. Anything else on the channel (a baseline change, a batch too big to spell out, the
 * payload of an older version) means "re-read every total".
 *
 * <pre>
 *   2|instance|xid8|site views|day=views,…|page id=views,…     a delta
 *   2|instance|xid8|*                                          re-read everything
 * </pre>
 */
record PeerFlush(String instance, long xid, long siteViews, Map<LocalDate, Long> days, Map<Long, Long> pages,
                 boolean rereadAll) {
  private static final String VERSION = "2";
  /** More chunks than this (a first flush after an outage) and peers re-read instead: fewer, bigger statements. */
  static final int MAX_CHUNKS = 16;
  /** PostgreSQL refuses payloads of 8 000 bytes or more; this leaves room for the header the statement adds. */
  static final int MAX_PAYLOAD = 7_900;

  static PeerFlush rereadAll(String instance) {
    return new PeerFlush(instance, -1, 0, Map.of(), Map.of(), true);
  }

  boolean isFrom(String instanceId) {
    return instance.equals(instanceId);
  }

  /** Never fails: what cannot be read is "re-read everything", rather than a change missed. */
  static PeerFlush parse(String payload) {
    String[] parts = payload.split("\\|", -1);
    if (parts.length < 4 || !parts[0].equals(VERSION)) {
      int colon = payload.indexOf(':');
      return rereadAll(colon < 0 ? payload : payload.substring(0, colon));
    }
    try {
      long xid = Long.parseLong(parts[2]);
      if (parts.length == 4 && parts[3].equals("*")) {
        return new PeerFlush(parts[1], xid, 0, Map.of(), Map.of(), true);
      }
      if (parts.length != 6) {
        return rereadAll(parts[1]);
      }
      Map<LocalDate, Long> days = new HashMap<>();
      forEachPair(parts[4], (key, views) -> days.merge(LocalDate.parse(key), views, Long::sum));
      Map<Long, Long> pages = new HashMap<>();
      forEachPair(parts[5], (key, views) -> pages.merge(Long.parseLong(key), views, Long::sum));
      return new PeerFlush(parts[1], xid, Long.parseLong(parts[3]), days, pages, false);
    } catch (NumberFormatException | DateTimeParseException e) {
      return rereadAll(parts[1]);
    }
  }

  /**
   * The chunks that tell {@code batch} to the others, each below PostgreSQL's payload limit once the
   * statement puts {@code 2|instance|xid|} in front: the first carries the site's and the days' views,
   * every chunk a share of the pages. {@code *} alone when that would take more than {@link #MAX_CHUNKS}.
   */
  static List<String> chunks(FlushBatch batch, String instanceId) {
    int budget = MAX_PAYLOAD - instanceId.length() - 24; // "2|", two '|' and an xid8 of up to 20 digits
    StringBuilder days = new StringBuilder();
    batch.viewsPerDay().forEach((day, views) -> append(days, day.toString(), views));
    List<String> chunks = new ArrayList<>();
    StringBuilder chunk = new StringBuilder().append(batch.views()).append('|').append(days).append('|');
    int emptyLength = chunk.length();
    for (Map.Entry<Long, Long> page : batch.viewsPerPage().entrySet()) {
      int before = chunk.length();
      append(chunk, page.getKey().toString(), page.getValue());
      if (chunk.length() > budget && before > emptyLength) {
        chunk.setLength(before);
        chunks.add(chunk.toString());
        if (chunks.size() == MAX_CHUNKS) {
          return List.of("*");
        }
        chunk = new StringBuilder("0||");
        emptyLength = chunk.length();
        append(chunk, page.getKey().toString(), page.getValue());
      }
    }
    chunks.add(chunk.toString());
    return chunks;
  }

  private static void append(StringBuilder list, String key, long views) {
    if (list.length() > 0 && list.charAt(list.length() - 1) != '|') {
      list.append(',');
    }
    list.append(key).append('=').append(views);
  }

  private interface PairHandler {
    void accept(String key, long views);
  }

  private static void forEachPair(String list, PairHandler handler) {
    if (list.isEmpty()) {
      return;
    }
    for (String pair : list.split(",")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new NumberFormatException("Not key=views: " + pair);
      }
      handler.accept(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
    }
  }
}
