package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.DatabaseReachability;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Makes "Đang online" one number across instances: every second, this instance's online set goes to
 * PostgreSQL in one statement that returns the distinct visitors of every instance heard from
 * lately. A visitor with pages open on two instances is one. While PostgreSQL cannot be reached,
 * each instance shows its own visitors (see {@link OnlineCount}).
 *
 * <p>A worker: collecting the set walks every stripe of the online table.
 */
final class PresenceSharing extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PresenceSharing.class);
  private static final long INTERVAL_MILLIS = 1_000;
  /** An instance not heard from in this long has stopped or lost PostgreSQL: its visitors no longer count. */
  private static final int SILENT_AFTER_SECONDS = 5;
  private static final Long[] NONE = new Long[0];

  private final Presence presence;
  private final Pool pool;
  private final String instanceId;
  private final DatabaseReachability database;
  private Future<?> inFlight = Future.succeededFuture();
  private boolean failing;
  /** Whether another instance was heard from at the last share: alone, there is nothing to union with. */
  private boolean othersRunning = true;

  PresenceSharing(Presence presence, Pool pool, String instanceId, DatabaseReachability database) {
    this.presence = presence;
    this.pool = pool;
    this.instanceId = instanceId;
    this.database = database;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(INTERVAL_MILLIS, id -> share());
    return Future.succeededFuture();
  }

  /** Takes this instance's visitors out at once rather than after the silence timeout. */
  @Override
  public Future<?> stop() {
    // After any share in flight, which would otherwise put this instance's visitors back.
    return inFlight.eventually(() -> pool.preparedQuery(SqlQueries.FORGET_PRESENCE).execute(Tuple.of(instanceId)))
        .otherwiseEmpty()
        .mapEmpty();
  }

  private void share() {
    if (!inFlight.isComplete()) {
      return;
    }
    // Alone, the online set and the open pages stay here: nobody would read them, and collecting and
    // sending every id each second would cost the pages (BENCHMARKS.md, "Again after the live
    // counters"). The row still says this instance is alive, so one that starts sees it and, within
    // a second, this one sends.
    boolean sendingSet = othersRunning;
    Long[] present = sendingSet ? Arrays.stream(presence.presentHere()).boxed().toArray(Long[]::new) : NONE;
    Long[] open = sendingSet ? presence.openPagesHere() : NONE;
    inFlight = pool.preparedQuery(SqlQueries.SHARE_PRESENCE)
        .execute(Tuple.tuple().addString(instanceId).addArrayOfLong(present).addArrayOfLong(open)
            .addInteger(SILENT_AFTER_SECONDS))
        .onComplete(result -> {
          if (result.succeeded()) {
            database.answered();
            Row shared = result.result().iterator().next();
            othersRunning = shared.getInteger("others") > 0;
            if (sendingSet) {
              presence.onlineEverywhere(shared.getLong("online"));
            } else if (!othersRunning) {
              presence.onlineEverywhere(presence.onlineHere());
            }
            // Else another instance just appeared: the count lacks this set; the next share has it.
            presence.openElsewhere(shared.getArrayOfLongs("open_elsewhere"));
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
