package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.DatabaseReachability;
import org.portalpulse.db.ListenConnection;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes "Đang online" one number across instances: every second, a {@link PresenceExchange} through
 * PostgreSQL, and the announcements of the others heard (on {@link SqlQueries#PRESENCE_CHANNEL}). While
 * PostgreSQL cannot be reached, each instance shows its own visitors (see {@link OnlineCount}).
 *
 * <p>A worker: collecting the keys walks every stripe of the online table, and a sketch or a union
 * takes milliseconds.
 */
final class PresenceSharing extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceSharing.class);
  private static final long INTERVAL_MILLIS = 1_000;
  /** About a minute of a busy instance's announcements: older ones are of readers long settled. */
  private static final int MAX_UNSENT_PAYLOADS = 64;

  private final Presence presence;
  private final PresenceExchange exchange;
  private final PostgresUrl url;
  private final String instanceId;
  private final DatabaseReachability database;
  private ListenConnection othersAnnouncements;
  private Future<?> inFlight = Future.succeededFuture();
  private long timerId = -1;
  /** Announcements a failed share could not send, sent with the next one (bounded, oldest dropped). */
  private final List<String> unsentAnnouncements = new ArrayList<>();
  private boolean failing;
  /** Whether another instance was heard from at the last share: alone, there is nothing to union with. */
  private boolean othersRunning = true;

  PresenceSharing(Presence presence, Pool pool, PostgresUrl url, String instanceId, DatabaseReachability database) {
    this.presence = presence;
    this.exchange = new PresenceExchange(pool, instanceId);
    this.url = url;
    this.instanceId = instanceId;
    this.database = database;
  }

  @Override
  public Future<?> start() {
    // Without it nothing is wrong but a visitor whose view this instance served and whose page is open
    // on another stays online here until the online window closes.
    othersAnnouncements = new ListenConnection(vertx, url, SqlQueries.PRESENCE_CHANNEL,
        "visitors whose page is open on another instance stay online here for the online window",
        v -> { }, payload -> Announcements.read(payload, instanceId, presence::openElsewhere));
    timerId = vertx.setPeriodic(INTERVAL_MILLIS, id -> share());
    return othersAnnouncements.start();
  }

  @Override
  public Future<?> stop() {
    // After any share in flight, which would otherwise put this instance's visitors back; and none after.
    vertx.cancelTimer(timerId);
    return inFlight.eventually(exchange::forget).otherwiseEmpty().eventually(othersAnnouncements::stop).mapEmpty();
  }

  private void share() {
    if (!inFlight.isComplete()) {
      return;
    }
    // Alone, the visitors stay here: nobody would read them, and collecting every key each second
    // would cost the pages (BENCHMARKS.md, "Again after the live counters"). The heartbeat still says
    // this instance is alive, so one that starts sees it and, within a second, this one sends.
    long[] keys = othersRunning ? presence.presentHere() : null;
    List<String> announcements = new ArrayList<>(unsentAnnouncements);
    announcements.addAll(presence.announcements());
    unsentAnnouncements.clear();
    inFlight = exchange.share(keys, announcements).onComplete(result -> {
      if (result.failed()) {
        int keep = Math.min(announcements.size(), MAX_UNSENT_PAYLOADS);
        unsentAnnouncements.addAll(announcements.subList(announcements.size() - keep, announcements.size()));
      }
      if (result.succeeded()) {
        database.answered();
        PresenceExchange.Shared shared = result.result();
        othersRunning = shared.othersRunning();
        if (!othersRunning) {
          presence.onlineEverywhere(presence.onlineHere());
        } else if (shared.online() >= 0) {
          presence.onlineEverywhere(shared.online());
        }
        // Else another instance just appeared, and this share carried no keys: the next one has them.
        failing = false;
      } else if (!failing) {
        database.failed(result.cause().getMessage());
        failing = true;
        LOG.warn("Could not share who is online with the other instances; showing this instance's own: {}",
            result.cause().getMessage());
      }
    });
  }
}
