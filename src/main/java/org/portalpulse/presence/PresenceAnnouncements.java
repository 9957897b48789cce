package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.ListenConnection;
import org.portalpulse.db.SqlQueries;

import java.util.function.LongConsumer;

/**
 * Hears the other instances' {@link Announcements}. Without this connection (PostgreSQL restarting, or a
 * pooler that cannot LISTEN) nothing is wrong but a visitor whose view this instance served and whose
 * page is open on another stays online here until the online window closes.
 */
final class PresenceAnnouncements {
  private final ListenConnection connection;

  PresenceAnnouncements(Vertx vertx, PostgresUrl url, String ownInstanceId, LongConsumer openElsewhere) {
    connection = new ListenConnection(vertx, url, SqlQueries.PRESENCE_CHANNEL,
        "visitors whose page is open on another instance stay online here for the online window",
        v -> { }, payload -> Announcements.read(payload, ownInstanceId, openElsewhere));
  }

  Future<Void> start() {
    return connection.start();
  }

  Future<Void> stop() {
    return connection.stop();
  }
}
