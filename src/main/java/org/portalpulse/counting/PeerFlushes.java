package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.Database;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Hears, through PostgreSQL's LISTEN/NOTIFY, every committed flush, this instance's own included (see
 * {@link NotificationEcho}). The connection comes back by itself after an outage; as notifications
 * sent meanwhile are lost, every (re)subscription asks for a full re-read.
 */
final class PeerFlushes {
  private static final Logger LOG = LoggerFactory.getLogger(PeerFlushes.class);
  private static final long RECONNECT_MILLIS = 1_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private volatile boolean listening;
  private boolean warned;

  PeerFlushes(Vertx vertx, PostgresUrl url, Runnable subscribed, Consumer<PeerFlush> flushed) {
    this.vertx = vertx;
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(url))
        .reconnectPolicy(attempt -> {
          if (attempt == 0) {
            listening = false;
            warned = true;
            LOG.warn("Lost the LISTEN connection to PostgreSQL; other instances' views show after our own flushes until it is back");
          }
          return RECONNECT_MILLIS;
        });
    subscriber.channel(SqlQueries.PEER_FLUSHED_CHANNEL)
        .subscribeHandler(v -> {
          if (warned) {
            warned = false;
            LOG.info("Listening for other instances' flushes again");
          }
          listening = true;
          subscribed.run();
        })
        .handler(payload -> flushed.accept(PeerFlush.parse(payload)));
  }

  /** Whether notifications can arrive now. */
  boolean listening() {
    return listening;
  }

  /** Never fails: without notifications the flusher re-reads the totals instead, until LISTEN works. */
  Future<Void> start() {
    return subscriber.connect().recover(err -> {
      warned = true;
      LOG.warn("Cannot LISTEN for other instances' flushes ({}); their views show by re-reading the totals every few seconds, "
          + "and LISTEN is tried again every {} ms", err.getMessage(), RECONNECT_MILLIS);
      retry();
      return Future.succeededFuture();
    });
  }

  private void retry() {
    vertx.setTimer(RECONNECT_MILLIS, id -> {
      if (!subscriber.closed()) {
        subscriber.connect().onFailure(err -> retry());
      }
    });
  }

  Future<Void> stop() {
    return subscriber.close();
  }
}
