package org.portalpulse.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import org.portalpulse.counting.CounterLedger;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.FlushStatus;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.db.DatabaseReachability;
import io.micrometer.core.instrument.Gauge;

/**
 * {@code GET /metrics} and {@code GET /health}, mounted on the router of every server that serves
 * them, and the probe of the HTTP event loops.
 */
public final class OpsRoutes {
  private final ConsistentScrape scrape;
  private final HealthCheckHandler publicHealth;
  private final HealthCheckHandler fullHealth;
  private final EventLoopDelay eventLoopDelay;

  public OpsRoutes(Vertx vertx, PrometheusMeterRegistry registry, CounterLedger ledger, ViewCounter views,
                   CounterReader counters, FlushStatus flush, DatabaseReachability database) {
    this.scrape = new ConsistentScrape(vertx, registry, ledger);
    CounterMetrics.bind(registry, views, counters, flush, scrape);
    Gauge.builder("pulse.database.up", database, d -> d.isUp() ? 1 : 0)
        .description("1 when PostgreSQL answered within the last 5 s, else 0").register(registry);
    this.publicHealth = HealthCheckHandler.createWithHealthChecks(HealthChecksFactory.create(vertx, database, flush, false));
    this.fullHealth = HealthCheckHandler.createWithHealthChecks(HealthChecksFactory.create(vertx, database, flush, true));
    this.eventLoopDelay = new EventLoopDelay(registry);
  }

  /** Probes the calling verticle's event loop, until the verticle is undeployed (its timers go with it). */
  public void watchEventLoop(Vertx vertx) {
    eventLoopDelay.watch(vertx);
  }

  /** On the readers' port, open to anyone: {@code /health} says what is wrong, not the error's text (that is in the log). */
  public void mountForReaders(Router router) {
    router.get("/metrics").handler(scrape);
    router.get("/health").handler(publicHealth);
  }

  /** On the ops port, for the monitoring network: {@code /health} also gives the text of the last error. */
  public void mountOnOpsPort(Router router) {
    router.get("/metrics").handler(scrape);
    router.get("/health").handler(fullHealth);
  }
}
