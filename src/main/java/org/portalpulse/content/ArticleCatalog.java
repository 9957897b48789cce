package org.portalpulse.content;

import org.portalpulse.counting.ArticleLookup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every published article, newest first, held in memory so that serving a page never waits on
 * PostgreSQL. Immutable; shared by all HTTP verticles.
 */
public final class ArticleCatalog implements ArticleLookup {
  public static final int PAGE_SIZE = 10;

  private final List<Article> newestFirst;
  private final Map<String, Article> bySlug;

  public ArticleCatalog(List<Article> newestFirst) {
    this.newestFirst = List.copyOf(newestFirst);
    this.bySlug = newestFirst.stream().collect(Collectors.toUnmodifiableMap(Article::slug, Function.identity()));
  }

  public Optional<Article> bySlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  @Override
  public OptionalLong idOf(String slug) {
    Article article = bySlug.get(slug);
    return article == null ? OptionalLong.empty() : OptionalLong.of(article.pageId());
  }

  @Override
  public Optional<String> pathOf(String slug) {
    return bySlug(slug).map(Article::path);
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
