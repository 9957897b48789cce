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
 * Hears, through PostgreSQL's LISTEN/NOTIFY, that another instance committed a flush, and which
 * pages it counted, so this instance re-reads those totals at once instead of showing its own
 * part of the traffic until its next flush. The connection comes back by itself after an outage; as
 * notifications sent meanwhile are lost, every (re)subscription counts as "others may have flushed
 * any page".
 */
final class PeerFlushes {
  private static final Logger LOG = LoggerFactory.getLogger(PeerFlushes.class);
  private static final long RECONNECT_MILLIS = 1_000;

  private final PgSubscriber subscriber;

  PeerFlushes(Vertx vertx, PostgresUrl url, String ownInstanceId, Consumer<PeerFlush> othersFlushed) {
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(url))
        .reconnectPolicy(attempt -> {
          if (attempt == 0) {
            LOG.warn("Lost the LISTEN connection to PostgreSQL; other instances' views show after our own flushes until it is back");
          }
          return RECONNECT_MILLIS;
        });
    subscriber.channel(SqlQueries.PEER_FLUSHED_CHANNEL)
        .subscribeHandler(v -> othersFlushed.accept(PeerFlush.ANY_PAGE))
        .handler(payload -> PeerFlush.parse(payload, ownInstanceId).ifPresent(othersFlushed));
  }

  Future<Void> start() {
    return subscriber.connect();
  }

  Future<Void> stop() {
    return subscriber.close();
  }
}
