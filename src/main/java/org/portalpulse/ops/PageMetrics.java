package org.portalpulse.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.portalpulse.pages.PageDirectory;

/**
 * Pages the site holds, and views counted toward the site only because their page could not be kept:
 * what shows someone making up paths ({@code page_limit}) or PostgreSQL refusing new pages ({@code database}).
 */
public final class PageMetrics {
  private PageMetrics() {
  }

  public static void bind(MeterRegistry registry, PageDirectory pages) {
    Gauge.builder("pulse.pages", pages, PageDirectory::size)
        .description("Pages the site counts views of, its articles included").register(registry);
    FunctionCounter.builder("pulse.views.without.page", pages, PageDirectory::refused).tag("reason", "page_limit")
        .description("Views counted toward the site only, their page not kept, by reason").register(registry);
    FunctionCounter.builder("pulse.views.without.page", pages, PageDirectory::unreachable).tag("reason", "database")
        .description("Views counted toward the site only, their page not kept, by reason").register(registry);
  }
}
