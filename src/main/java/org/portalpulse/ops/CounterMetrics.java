package org.portalpulse.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.portalpulse.counting.CounterLedger.ViewTally;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.FlushStatus;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.counting.ViewVerdict;

import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The domain as ops see it. Nothing here touches the request path: every meter reads state the
 * counters keep anyway, when Prometheus scrapes.
 *
 * <p>Counted, flushed and buffered views come from one {@link ViewTally} taken at the start of each
 * scrape (see {@link ConsistentScrape}), so counted = flushed + buffered holds in every scrape, not
 * just on average.
 */
final class CounterMetrics {
  private CounterMetrics() {
  }

  private static void siteViews(MeterRegistry registry, CounterReader counters, String period,
                                ToDoubleFunction<CounterReader> value) {
    // Every series of a name carries the same help text: Prometheus keeps one per name.
    Gauge.builder("pulse.site.views", counters, value).tag("period", period)
        .description("Site views as readers see them: Hôm nay (today), Trong tuần (week), Tất cả (total)").register(registry);
  }

  static void bind(MeterRegistry registry, ViewCounter views, CounterReader counters, FlushStatus flush, Supplier<ViewTally> tally) {
    FunctionCounter.builder("pulse.views.counted", tally, t -> t.get().counted())
        .description("Page views counted by this instance since it started").register(registry);
    FunctionCounter.builder("pulse.views.flushed", tally, t -> t.get().flushed())
        .description("Counted views committed to PostgreSQL").register(registry);
    Gauge.builder("pulse.views.buffered", tally, t -> t.get().buffered())
        .description("Counted views in memory, not yet committed").register(registry);
    for (ViewVerdict reason : ViewVerdict.values()) {
      if (reason != ViewVerdict.COUNTED) {
        FunctionCounter.builder("pulse.views.not.counted", views, v -> v.notCounted(reason))
            .tag("reason", reason.label())
            .description("Page requests not counted as views, by reason").register(registry);
      }
    }
    FunctionCounter.builder("pulse.views.proven", views, ViewCounter::proven)
        .description("Views held for their address's budget, then counted once their page proved it is shown in a browser")
        .register(registry);
    Gauge.builder("pulse.visitors.online", counters, c -> c.site().online())
        .description("Đang online: distinct visitors with a page open or a recent view, across instances").register(registry);
    siteViews(registry, counters, "today", c -> c.site().today());
    siteViews(registry, counters, "week", c -> c.site().week());
    siteViews(registry, counters, "total", c -> c.site().total());
    Gauge.builder("pulse.flush.lag", flush, FlushStatus::lagSeconds).baseUnit("seconds")
        .description("How long counted views have waited since the last commit; 0 when none wait").register(registry);
  }

}
