package org.portalpulse.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.portalpulse.counting.CounterLedger;
import org.portalpulse.counting.CounterLedger.ViewTally;

import java.util.function.Supplier;

/**
 * {@code GET /metrics}. Vert.x's own scraping handler would do, but for one thing: the view tally
 * must be taken once per scrape, before the registry reads it, for counted = flushed + buffered to
 * hold exactly. Scrapes run one at a time on a thread of their own (a full scrape formats every
 * meter), and requests that arrive during a scrape share its result: a flood of requests costs one
 * scrape at a time and no other thread.
 */
final class ConsistentScrape implements Handler<RoutingContext>, Supplier<ViewTally> {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final CounterLedger ledger;
  private final WorkerExecutor scraper;
  private volatile ViewTally tally;
  private Future<String> inFlight; // guarded by this

  ConsistentScrape(Vertx vertx, PrometheusMeterRegistry registry, CounterLedger ledger) {
    this.registry = registry;
    this.ledger = ledger;
    this.scraper = vertx.createSharedWorkerExecutor("pulse-metrics-scrape", 1);
    this.tally = ledger.tally();
  }

  @Override
  public ViewTally get() {
    return tally;
  }

  @Override
  public void handle(RoutingContext ctx) {
    scrape().onComplete(scraped -> {
      if (scraped.succeeded()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, TEXT_FORMAT).end(scraped.result());
      } else {
        ctx.fail(scraped.cause());
      }
    });
  }

  private synchronized Future<String> scrape() {
    Future<String> scrape = inFlight;
    if (scrape == null) {
      scrape = scraper.executeBlocking(() -> {
        tally = ledger.tally();
        return registry.scrape();
      });
      inFlight = scrape;
      Future<String> started = scrape;
      // May run at once, on this thread, if the scrape is already done: it then clears inFlight
      // again, which is why the local, not the field, is returned.
      scrape.onComplete(done -> clear(started));
    }
    return scrape;
  }

  private synchronized void clear(Future<String> done) {
    if (inFlight == done) {
      inFlight = null;
    }
  }
}
