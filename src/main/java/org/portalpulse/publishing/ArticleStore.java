package org.portalpulse.publishing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import java.util.Arrays;
import java.util.Optional;

/**
 * Articles as admins and imports change them. Each change is one statement that also writes its audit
 * row, under the token's name, and tells every instance to re-read the article; an article's slug,
 * page and counts never change once it exists.
 */
public final class ArticleStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final int SLUG_ATTEMPTS = 3;

  private final Pool pool;

  public ArticleStore(Pool pool) {
    this.pool = pool;
  }

  /** Adds {@code article} under a slug made from its title, unique. */
  public Future<Created> create(NewArticle article, String tokenName) {
    return create(article, tokenName, 1);
  }

  private Future<Created> create(NewArticle article, String tokenName, int attempt) {
    Tuple values = Tuple.from(Arrays.asList(Slugs.of(article.title()), article.title(),
        article.legacyViews().isPresent() ? article.legacyViews().getAsLong() : null,
        article.summary(), article.bodyHtml(), article.publishedAt(), article.imageUrl().orElse(null),
        article.source().map(NewArticle.FeedSource::key).orElse(null),
        article.source().flatMap(NewArticle.FeedSource::path).orElse(null), tokenName));
    return pool.preparedQuery(SqlQueries.CREATE_ARTICLE).execute(values)
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Created(row.getString("slug"));
        })
        .recover(failure -> {
          // Another writer took the same slug between our look and our insert: look again.
          boolean raced = failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
              && attempt < SLUG_ATTEMPTS;
          return raced ? create(article, tokenName, attempt + 1) : Future.failedFuture(failure);
        });
  }

  /** Empty when no article has {@code slug}. */
  public Future<Optional<Updated>> update(String slug, ArticleEdit edit, String tokenName) {
    Tuple values = Tuple.from(Arrays.asList(slug, edit.title().orElse(null), edit.summary().orElse(null),
        edit.bodyHtml().orElse(null), edit.publishedAt().orElse(null), edit.imageUrl().isPresent(),
        edit.imageUrl().flatMap(image -> image).orElse(null), edit.sourcePath().orElse(null),
        edit.legacyViews().isPresent() ? edit.legacyViews().getAsLong() : null, tokenName));
    return pool.preparedQuery(SqlQueries.UPDATE_ARTICLE).execute(values).map(rows -> first(rows)
        .map(row -> new Updated(row.getLong("content_changed") > 0 || row.getLong("legacy_changed") > 0)));
  }

  /** Publishes or withdraws; empty when no article has {@code slug}, else whether anything changed. */
  public Future<Optional<Boolean>> setPublished(String slug, boolean published, String tokenName) {
    return pool.preparedQuery(SqlQueries.SET_ARTICLE_PUBLISHED).execute(Tuple.of(slug, published, tokenName))
        .map(rows -> first(rows).map(row -> row.getLong("changed") > 0));
  }

  /** The article as stored, published or not. */
  public Future<Optional<JsonObject>> find(String slug) {
    return pool.preparedQuery(SqlQueries.ARTICLE).execute(Tuple.of(slug)).map(rows -> first(rows).map(row -> new JsonObject()
        .put("slug", row.getString("slug"))
        .put("path", row.getString("path"))
        .put("title", row.getString("title"))
        .put("summary", row.getString("summary"))
        .put("body", row.getString("body"))
        .put("imageUrl", row.getString("image_url"))
        .put("publishedAt", row.getOffsetDateTime("published_at").toString())
        .put("updatedAt", row.getOffsetDateTime("updated_at").toString())
        .put("published", row.getBoolean("published"))
        .put("legacyViews", row.getLong("legacy_views"))
        .put("sourceKey", row.getString("source_key"))));
  }

  /** The slug of the article imported from the feed item with {@code key}. */
  Future<Optional<String>> slugOfSource(String key) {
    return pool.preparedQuery(SqlQueries.ARTICLE_OF_SOURCE).execute(Tuple.of(key))
        .map(rows -> first(rows).map(row -> row.getString("slug")));
  }

  /**
   * Sets the legacy views of the page the old address {@code path} now is. Empty when no article or
   * page is there, else whether the value changed.
   */
  Future<Optional<Boolean>> setLegacyViewsAt(String path, long views, String tokenName) {
    return pool.preparedQuery(SqlQueries.SET_LEGACY_VIEWS_AT).execute(Tuple.of(path, views, tokenName))
        .map(rows -> first(rows).map(row -> row.getLong("changed") > 0));
  }

  /** The latest {@code limit} changes of articles, newest first. */
  public Future<JsonArray> audit(int limit) {
    return pool.preparedQuery(SqlQueries.ARTICLE_AUDIT).execute(Tuple.of(limit)).map(rows -> {
      JsonArray changes = new JsonArray();
      for (Row row : rows) {
        changes.add(new JsonObject()
            .put("at", row.getOffsetDateTime("changed_at").toString())
            .put("token", row.getString("token_name"))
            .put("slug", row.getString("slug"))
            .put("action", row.getString("action"))
            .put("title", row.getString("title")));
      }
      return changes;
    });
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
  }

  public record Created(String slug) {
  }

  /** {@code changed}: what readers see, or the count "Lượt xem" starts from; false when every value was the same. */
  public record Updated(boolean changed) {
  }
}
