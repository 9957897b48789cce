package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.ListenConnection;
import org.portalpulse.db.SqlQueries;

import java.util.function.Consumer;

/**
 * Hears every committed flush, this instance's own included (see {@link NotificationEcho}). As
 * notifications sent while it did not listen are lost, every (re)subscription asks for a full re-read.
 */
final class PeerFlushes {
  private final ListenConnection connection;

  PeerFlushes(Vertx vertx, PostgresUrl url, Runnable subscribed, Consumer<PeerFlush> flushed) {
    connection = new ListenConnection(vertx, url, SqlQueries.PEER_FLUSHED_CHANNEL,
        "other instances' views show by re-reading the totals every " + FlushVerticle.DEAF_REREAD.toSeconds() + " s",
        v -> subscribed.run(), payload -> flushed.accept(PeerFlush.parse(payload)));
  }

  /** Whether notifications can arrive now. */
  boolean listening() {
    return connection.listening();
  }

  Future<Void> start() {
    return connection.start();
  }

  Future<Void> stop() {
    return connection.stop();
  }
}
