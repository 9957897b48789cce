package org.portalpulse.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import org.portalpulse.counting.FlushStatus;
import org.portalpulse.db.DatabaseReachability;

/**
 * What {@code GET /health} checks: PostgreSQL answered lately, and counted views are being written.
 * Either failing makes it 503 with the reason; pages keep being served and counted either way.
 * The text of the last error (a driver's message names hosts, ports, users) is for ops only: it is
 * in the log, and in the answer only where {@code withErrorText} says so.
 *
 * <p>Both checks read state the server keeps anyway (PostgreSQL is asked something every second):
 * a flood of health requests costs no database connection and cannot starve the flusher.
 */
final class HealthChecksFactory {
  private HealthChecksFactory() {
  }

  static HealthChecks create(Vertx vertx, DatabaseReachability database, FlushStatus flush, boolean withErrorText) {
    return HealthChecks.create(vertx)
        .register("database", promise -> {
          if (database.isUp()) {
            promise.complete(Status.OK());
          } else {
            String reason = "PostgreSQL is unreachable" + (withErrorText ? errorText(database.lastError()) : "");
            promise.complete(Status.KO(new JsonObject().put("reason", reason)));
          }
        })
        .register("flushing", promise -> {
          JsonObject data = new JsonObject().put("lagSeconds", flush.lagSeconds());
          if (flush.isBehind()) {
            String reason = "Counted views have waited " + (long) flush.lagSeconds() + " s to be written"
                + (withErrorText ? errorText(flush.lastError()) : "");
            promise.complete(Status.KO(data.put("reason", reason)));
          } else {
            promise.complete(Status.OK(data));
          }
        });
  }

  private static String errorText(String error) {
    return error == null ? "" : ": " + error;
  }
}
