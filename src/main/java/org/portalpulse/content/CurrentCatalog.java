package org.portalpulse.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.portalpulse.counting.ArticleLookup;

import java.time.ZoneId;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The catalog as it is now, shared by every HTTP verticle: a reader takes one immutable snapshot per
 * request, and {@link ArticleChanges} swaps in a new one when an article changes.
 */
public final class CurrentCatalog implements ArticleLookup, Supplier<ArticleCatalog> {
  private final AtomicReference<ArticleCatalog> current;

  public CurrentCatalog(ArticleCatalog initial) {
    this.current = new AtomicReference<>(initial);
  }

  /** Every published article, read once at start-up; {@link ArticleChanges} keeps it current. */
  public static Future<CurrentCatalog> load(Pool pool, ZoneId zone) {
    return new ArticleLoader(pool, zone).all().map(CurrentCatalog::new);
  }

  @Override
  public ArticleCatalog get() {
    return current.get();
  }

  void update(UnaryOperator<ArticleCatalog> change) {
    current.updateAndGet(change);
  }

  @Override
  public OptionalLong idOf(String slug) {
    return get().bySlug(slug).map(a -> OptionalLong.of(a.pageId())).orElseGet(OptionalLong::empty);
  }

  @Override
  public Optional<String> pathOf(String slug) {
    return get().bySlug(slug).map(Article::path);
  }
}
