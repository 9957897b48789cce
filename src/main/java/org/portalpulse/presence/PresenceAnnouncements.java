package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.Database;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;

/**
 * Hears the other instances' {@link Announcements}. Without this connection (PostgreSQL restarting, or a
 * pooler that cannot LISTEN) nothing is wrong but a visitor whose view this instance served and whose
 * page is open on another stays online here until the online window closes.
 */
final class PresenceAnnouncements {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceAnnouncements.class);
  private static final long RECONNECT_MILLIS = 1_000;

  private final PgSubscriber subscriber;

  PresenceAnnouncements(Vertx vertx, PostgresUrl url, String ownInstanceId, LongConsumer openElsewhere) {
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(url))
        .reconnectPolicy(attempt -> {
          if (attempt == 0) {
            LOG.warn("Lost the LISTEN connection for who opened a page on the other instances; visitors whose "
                + "page is open elsewhere stay online here for the online window until it is back");
          }
          return RECONNECT_MILLIS;
        });
    subscriber.channel(SqlQueries.PRESENCE_CHANNEL)
        .handler(payload -> Announcements.read(payload, ownInstanceId, openElsewhere));
  }

  Future<Void> start() {
    return subscriber.connect();
  }

  Future<Void> stop() {
    return subscriber.close();
  }
}
