package org.portalpulse.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every published article, newest first, held in memory so that serving a page never waits on
 * PostgreSQL. Immutable: a change makes a new catalog ({@link #with}), which {@link CurrentCatalog}
 * swaps in whole.
 */
public final class ArticleCatalog {
  public static final int PAGE_SIZE = 10;
  /** As {@code SqlQueries.ALL_ARTICLES} orders them. */
  private static final Comparator<Article> NEWEST_FIRST = Comparator
      .comparing((Article a) -> a.publishedAt().toInstant()).reversed()
      .thenComparing(Comparator.comparingLong(Article::pageId).reversed());

  private final List<Article> newestFirst;
  private final Map<String, Article> bySlug;

  public ArticleCatalog(List<Article> newestFirst) {
    this.newestFirst = List.copyOf(newestFirst);
    this.bySlug = newestFirst.stream().collect(Collectors.toUnmodifiableMap(Article::slug, Function.identity()));
  }

  /**
   * This catalog after the articles of {@code changedPages} changed: those among them that are
   * published are {@code published}, the others are gone (withdrawn).
   */
  ArticleCatalog with(Collection<Long> changedPages, List<Article> published) {
    List<Article> articles = new ArrayList<>(newestFirst.size() + published.size());
    newestFirst.stream().filter(a -> !changedPages.contains(a.pageId())).forEach(articles::add);
    articles.addAll(published);
    articles.sort(NEWEST_FIRST);
    return new ArticleCatalog(articles);
  }

  public Optional<Article> bySlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  /** Every published article, newest first. */
  public List<Article> all() {
    return newestFirst;
  }

  /** Pages are numbered from 1. An empty catalog still has one (empty) page. */
  public int pageCount() {
    return Math.max(1, (newestFirst.size() + PAGE_SIZE - 1) / PAGE_SIZE);
  }

  public List<Article> page(int number) {
    int from = (number - 1) * PAGE_SIZE;
    if (from >= newestFirst.size()) {
      return List.of();
    }
    return newestFirst.subList(from, Math.min(from + PAGE_SIZE, newestFirst.size()));
  }
}
