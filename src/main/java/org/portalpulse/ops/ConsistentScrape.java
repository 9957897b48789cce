package org.portalpulse.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.portalpulse.counting.CounterLedger;
import org.portalpulse.counting.CounterLedger.ViewTally;

import java.util.function.Supplier;

/**
 * {@code GET /metrics}. Vert.x's own scraping handler would do, but for one thing: the view tally
 * must be taken once per scrape, before the registry reads it, for counted = flushed + buffered to
 * hold exactly. Scrapes run one at a time, off the event loop (a full scrape formats every meter).
 */
final class ConsistentScrape implements Handler<RoutingContext>, Supplier<ViewTally> {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final CounterLedger ledger;
  private volatile ViewTally tally;

  ConsistentScrape(PrometheusMeterRegistry registry, CounterLedger ledger) {
    this.registry = registry;
    this.ledger = ledger;
    this.tally = ledger.tally();
  }

  @Override
  public ViewTally get() {
    return tally;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.vertx().executeBlocking(() -> {
      synchronized (this) {
        tally = ledger.tally();
        return registry.scrape();
      }
    }, false).onComplete(scraped -> {
      if (scraped.succeeded()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, TEXT_FORMAT).end(scraped.result());
      } else {
        ctx.fail(scraped.cause());
      }
    });
  }
}
