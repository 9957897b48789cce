package org.portalpulse.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
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
  private final PostgresUrl url;
  private final String channel;
  private final String meanwhile;
  private final Handler<Void> subscribed;
  private final Handler<String> notified;
  /** The one that listens, or the latest that tries to. */
  private volatile PgSubscriber subscriber;
  private volatile boolean listening;
  private volatile boolean stopped;
  private boolean warned;

  /**
   * {@code meanwhile}: what readers see while it does not listen, for the log line (a sentence without
   * its full stop).
   */
  public ListenConnection(Vertx vertx, PostgresUrl url, String channel, String meanwhile, Handler<Void> subscribed,
                          Handler<String> notified) {
    this.vertx = vertx;
    this.url = url;
    this.channel = channel;
    this.meanwhile = meanwhile;
    this.subscribed = subscribed;
    this.notified = notified;
  }

  /** Never fails: without the connection, its owner works on and catches up when it comes. */
  public Future<Void> start() {
    return attempt();
  }

  /** Whether notifications can arrive now. */
  public boolean listening() {
    return listening;
  }

  public Future<Void> stop() {
    stopped = true;
    listening = false;
    return subscriber.close();
  }

  /**
   * A PgSubscriber reconnects by itself (its policy) only once it has connected: after a first connect
   * that failed, it stays "open" with no connection and its connect() never completes again (Vert.x
   * 5.0.7). So until one connects, each try is a subscriber of its own.
   */
  private Future<Void> attempt() {
    PgSubscriber candidate = PgSubscriber.subscriber(vertx, Database.connectOptions(url));
    candidate.reconnectPolicy(attempt -> {
      if (stopped || candidate != subscriber) {
        return -1L;
      }
      if (attempt == 0) {
        lost("lost the connection");
      }
      return RETRY_MILLIS;
    });
    candidate.channel(channel)
        .subscribeHandler(v -> {
          if (stopped || candidate != subscriber) {
            PgConnection late = candidate.actualConnection(); // given up on (stopped, or retried) yet connected after all
            if (late != null) {
              late.close();
            }
            return;
          }
          listening = true;
          if (warned) {
            warned = false;
            LOG.info("Listening on {} again", channel);
          }
          subscribed.handle(null);
        })
        .handler(notified);
    subscriber = candidate;
    return candidate.connect().recover(err -> {
      candidate.close();
      lost(err.getMessage());
      vertx.setTimer(RETRY_MILLIS, id -> {
        if (!stopped) {
          attempt();
        }
      });
      return Future.succeededFuture();
    });
  }

  private void lost(String why) {
    listening = false;
    if (!warned) {
      warned = true;
      LOG.warn("Cannot LISTEN on {} ({}): {}; trying again every {} ms", channel, why, meanwhile, RETRY_MILLIS);
    }
  }
}
