package org.portalpulse.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.portalpulse.config.PostgresUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel of PostgreSQL's LISTEN/NOTIFY, for one part of the server, that never fails it: when
 * PostgreSQL (or a pooler in between) refuses LISTEN at start or drops it later, it logs what readers
 * will miss meanwhile, tries again every second, and says so when it listens again. Notifications sent
 * while it did not listen are lost: {@code subscribed} runs on every (re)subscription, for its owner to
 * catch up. Handlers run on the context that starts it.
 */
public final class ListenConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ListenConnection.class);
  private static final long RETRY_MILLIS = 1_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private final String channel;
  private final String meanwhile;
  private volatile boolean listening;
  private boolean warned;

  /**
   * {@code meanwhile}: what readers see while it does not listen, for the log line (a sentence without
   * its full stop).
   */
  public ListenConnection(Vertx vertx, PostgresUrl url, String channel, String meanwhile, Handler<Void> subscribed,
                          Handler<String> notified) {
    this.vertx = vertx;
    this.channel = channel;
    this.meanwhile = meanwhile;
    subscriber = PgSubscriber.subscriber(vertx, Database.connectOptions(url))
        .reconnectPolicy(attempt -> {
          if (attempt == 0) {
            lost("lost the connection");
          }
          return RETRY_MILLIS;
        });
    subscriber.channel(channel)
        .subscribeHandler(v -> {
          listening = true;
          if (warned) {
            warned = false;
            LOG.info("Listening on {} again", channel);
          }
          subscribed.handle(null);
        })
        .handler(notified);
  }

  /** Never fails: without the connection, its owner works on and catches up when it comes. */
  public Future<Void> start() {
    return subscriber.connect().recover(err -> {
      lost(err.getMessage());
      retry();
      return Future.succeededFuture();
    });
  }

  /** Whether notifications can arrive now. */
  public boolean listening() {
    return listening;
  }

  public Future<Void> stop() {
    return subscriber.close();
  }

  private void lost(String why) {
    listening = false;
    if (!warned) {
      warned = true;
      LOG.warn("Cannot LISTEN on {} ({}): {}; trying again every {} ms", channel, why, meanwhile, RETRY_MILLIS);
    }
  }

  private void retry() {
    vertx.setTimer(RETRY_MILLIS, id -> {
      if (!subscriber.closed()) {
        subscriber.connect().onFailure(err -> retry());
      }
    });
  }
}
