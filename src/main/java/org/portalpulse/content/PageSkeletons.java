package org.portalpulse.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.function.Supplier;

/**
 * The reader pages rendered once ({@link PageSkeleton}): each article's page and each page of the list,
 * per origin (the {@code Host} a request names, unless {@code PULSE_PUBLIC_URL} is set), so requests
 * that alternate origins make no page rendered again for the others. Bounded by their bytes, and
 * Caffeine keeps the most used: a crawler reading every article of a large portal, or requests naming
 * any {@code Host}, cannot grow it or push the read pages out; a page not kept is rendered again.
 */
final class PageSkeletons {
  /** A few thousand pages of a few kilobytes each, with their gzip forms. */
  private static final long MAX_BYTES = 32L * 1024 * 1024;

  private final Cache<String, PageSkeleton> kept = Caffeine.newBuilder()
      .maximumWeight(MAX_BYTES)
      .weigher((String key, PageSkeleton page) -> key.length() + page.weight())
      .build();

  PageSkeleton article(Article article, String origin, Supplier<PageSkeleton> render) {
    return of("article " + article.slug() + " " + origin, article, render);
  }

  PageSkeleton home(ArticleCatalog catalog, int page, String origin, Supplier<PageSkeleton> render) {
    return of("home " + page + " " + origin, catalog, render);
  }

  /** {@code key} names the page and its origin; {@code source} tells a page made from what is shown now. */
  private PageSkeleton of(String key, Object source, Supplier<PageSkeleton> render) {
    PageSkeleton page = kept.getIfPresent(key);
    if (page == null || !page.madeFrom(source)) {
      page = render.get();
      kept.put(key, page);
    }
    return page;
  }
}
