package org.portalpulse.db;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the embedded PostgreSQL again if it dies while the server runs (killed, out of memory):
 * views are counted in memory meanwhile and written once it is back. /health reports it as
 * unreachable, with this reason, until then. A worker: a start takes seconds.
 */
public final class EmbeddedDatabaseWatch extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabaseWatch.class);
  private static final long CHECK_MILLIS = 1_000;

  private final EmbeddedDatabase database;
  private final DatabaseReachability reachability;
  private boolean restartFailing;
  private volatile boolean stopped;

  public EmbeddedDatabaseWatch(EmbeddedDatabase database, DatabaseReachability reachability) {
    this.database = database;
    this.reachability = reachability;
  }

  @Override
  public Future<?> start() {
    checkLater();
    return Future.succeededFuture();
  }

  // A timer set again after each check, not a periodic one: a restart blocks for up to a minute, and
  // checks queued meanwhile would run back to back.
  private void checkLater() {
    vertx.setTimer(CHECK_MILLIS, id -> {
      if (!stopped) {
        check();
        checkLater();
      }
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true; // a check already waiting must not take the database's stop for a death
    return Future.succeededFuture();
  }

  private void check() {
    if (database.isRunning()) {
      return;
    }
    LOG.warn("The embedded PostgreSQL stopped; starting it again (counted views wait in memory)");
    reachability.failed("the embedded PostgreSQL stopped and is being started again");
    try {
      database.restart();
      restartFailing = false;
      LOG.info("The embedded PostgreSQL runs again; the counted views are being written");
    } catch (RuntimeException e) {
      if (!restartFailing) { // once, not once a second
        LOG.error("Could not start the embedded PostgreSQL again; trying again every {} ms: {}", CHECK_MILLIS, e.getMessage());
      }
      restartFailing = true;
    }
  }
}
