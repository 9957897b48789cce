package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One instance's side of agreeing on "Đang online", one statement a second: its heartbeat, its
 * {@link PresenceImage} when it changed, and its announcements go out; the other instances' images that
 * changed since the ones held here ({@link PeerImages}) come back, and their union is the number. Used by
 * one thread at a time, one share at a time.
 */
final class PresenceExchange {
  /**
   * A sketch changes with every visitor: sent every fourth share, peers download a quarter of it per
   * second (what keeps an instance's traffic within its budget at 20 instances, BENCHMARKS.md), and a
   * visitor who left this instance stops counting on the others at most 4 s later than here. Smaller
   * sketches sent more often (lgK 13) cost about the same but double the error, and one instance
   * merging for the others would be a role to hand over when it dies (measured and weighed in
   * BENCHMARKS.md, "Presence traffic alone").
   */
  private static final int SKETCH_EVERY_SHARES = 4;
  /** An instance not heard from in this long has stopped or lost PostgreSQL: its visitors no longer count. */
  static final int SILENT_AFTER_SECONDS = 5;

  /**
   * What a share found: whether other instances are alive, the distinct visitors of all ({@code -1} when
   * this share carried no keys), and the bytes it moved (parameters and rows, not the protocol's framing).
   */
  record Shared(boolean othersRunning, long online, long bytesSent, long bytesReceived) {
  }

  private final Pool pool;
  private final String instanceId;
  private final PeerImages peers = new PeerImages();
  /** The image PostgreSQL holds for this instance, as far as this one knows. */
  private PresenceImage stored;
  private long shares;

  PresenceExchange(Pool pool, String instanceId) {
    this.pool = pool;
    this.instanceId = instanceId;
  }

  /** {@code keys}: who is online here; null when this instance believes itself alone and keeps them. */
  Future<Shared> share(long[] keys, List<String> announcements) {
    shares++;
    PresenceImage image = keys == null ? PresenceImage.NOBODY : PresenceImage.of(keys);
    boolean send = !image.sameAs(stored) && (image.isExact() || stored == null || shares % SKETCH_EVERY_SHARES == 0);
    byte[] sketch = send && !image.isExact() ? image.sketchBytes() : null;
    String[] held = peers.instances();
    long sent = instanceId.length();
    for (String payload : announcements) {
      sent += payload.length();
    }
    for (String instance : held) {
      sent += instance.length() + Long.BYTES;
    }
    if (send) {
      sent += sketch != null ? sketch.length : (long) image.exact().length * Long.BYTES;
    }
    long bytesSent = sent;
    return pool.preparedQuery(SqlQueries.SHARE_PRESENCE)
        .execute(Tuple.tuple().addString(instanceId)
            .addArrayOfLong(send && image.isExact() ? boxed(image.exact()) : null)
            .addBuffer(sketch == null ? null : Buffer.buffer(sketch))
            .addBoolean(send)
            .addInteger(SILENT_AFTER_SECONDS)
            .addArrayOfString(announcements.toArray(String[]::new))
            .addArrayOfString(held).addArrayOfLong(peers.sequences(held)))
        .map(rows -> {
          if (send) {
            stored = image;
          } else if (rows.iterator().next().getBoolean("inserted")) {
            stored = null; // the row was dropped as silent and made again without an image: send it next time
          }
          long received = 0;
          Set<String> live = new HashSet<>();
          for (Row row : rows) {
            String instance = row.getString("instance");
            if (instance == null) {
              continue; // no other instance is live: the one row carries only this instance's outcome
            }
            live.add(instance);
            Long[] exact = row.getArrayOfLongs("exact");
            Buffer theirs = row.getBuffer("sketch");
            received += instance.length() + Long.BYTES + (exact == null ? 0 : (long) exact.length * Long.BYTES)
                + (theirs == null ? 0 : theirs.length());
            if (exact != null || theirs != null || !peers.holds(instance)) {
              peers.changed(instance, row.getLong("sequence"), exact, theirs == null ? null : theirs.getBytes());
            }
          }
          peers.retain(live);
          boolean othersRunning = !live.isEmpty();
          long online = keys == null ? -1 : othersRunning ? peers.union(image) : keys.length;
          return new Shared(othersRunning, online, bytesSent, received);
        });
  }

  /** Takes this instance's image out at once rather than after the silence timeout. */
  Future<Void> forget() {
    return pool.preparedQuery(SqlQueries.FORGET_PRESENCE).execute(Tuple.of(instanceId)).mapEmpty();
  }

  private static Long[] boxed(long[] keys) {
    Long[] boxed = new Long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      boxed[i] = keys[i];
    }
    return boxed;
  }
}
