package org.portalpulse.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.sqlclient.Pool;
import org.portalpulse.counting.FlushStatus;

/**
 * What {@code GET /health} checks: PostgreSQL answers, and counted views are being written. Either
 * failing makes it 503 with the reason; pages keep being served and counted either way.
 */
final class HealthChecksFactory {
  private static final long CHECK_TIMEOUT_MILLIS = 2_000;

  private HealthChecksFactory() {
  }

  static HealthChecks create(Vertx vertx, Pool pool, FlushStatus flush) {
    return HealthChecks.create(vertx)
        .register("database", CHECK_TIMEOUT_MILLIS, promise -> pool.query("SELECT 1").execute()
            .onSuccess(rows -> promise.complete(Status.OK()))
            .onFailure(err -> promise.complete(Status.KO(new JsonObject()
                .put("reason", "PostgreSQL is unreachable: " + err.getMessage())))))
        .register("flushing", promise -> {
          JsonObject data = new JsonObject().put("lagSeconds", flush.lagSeconds());
          if (flush.isBehind()) {
            String reason = "Counted views have waited " + (long) flush.lagSeconds() + " s to be written"
                + (flush.lastError() == null ? "" : ": " + flush.lastError());
            promise.complete(Status.KO(data.put("reason", reason)));
          } else {
            promise.complete(Status.OK(data));
          }
        });
  }
}
