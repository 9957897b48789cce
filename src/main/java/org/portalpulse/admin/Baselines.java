package org.portalpulse.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import java.util.Optional;

/**
 * The legacy baselines that "Tất cả" and "Lượt xem" add to. A change is one statement: the new
 * value, its audit row and a notification that makes every instance re-read its totals.
 */
final class Baselines {
  static final String SITE = "site";

  private final Pool pool;

  Baselines(Pool pool) {
    this.pool = pool;
  }

  Future<JsonObject> all() {
    return pool.query(SqlQueries.BASELINES).execute().map(rows -> {
      JsonObject result = new JsonObject();
      JsonArray articles = new JsonArray();
      for (Row row : rows) {
        if (row.getString("slug") == null) {
          result.put("site", row.getLong("legacy_views"));
        } else {
          articles.add(new JsonObject().put("slug", row.getString("slug")).put("title", row.getString("title"))
              .put("legacyViews", row.getLong("legacy_views")));
        }
      }
      return result.put("articles", articles);
    });
  }

  Future<Change> setSite(long legacyViews, String tokenName) {
    return pool.preparedQuery(SqlQueries.SET_SITE_BASELINE).execute(Tuple.of(legacyViews, tokenName))
        .map(rows -> new Change(SITE, rows.iterator().next().getLong("old_value"), legacyViews, tokenName));
  }

  /** Empty when no article has {@code slug}. */
  Future<Optional<Change>> setArticle(String slug, long legacyViews, String tokenName) {
    return pool.preparedQuery(SqlQueries.SET_ARTICLE_BASELINE).execute(Tuple.of(slug, legacyViews, tokenName))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(new Change(slug, rows.iterator().next().getLong("old_value"), legacyViews, tokenName)));
  }

  Future<JsonArray> audit(int limit) {
    return pool.preparedQuery(SqlQueries.BASELINE_AUDIT).execute(Tuple.of(limit)).map(rows -> {
      JsonArray changes = new JsonArray();
      for (Row row : rows) {
        String slug = row.getString("slug");
        changes.add(new JsonObject()
            .put("at", row.getOffsetDateTime("changed_at").toString())
            .put("token", row.getString("token_name"))
            .put("target", slug == null ? SITE : slug)
            .put("old", row.getLong("old_value"))
            .put("new", row.getLong("new_value")));
      }
      return changes;
    });
  }

  record Change(String target, long oldValue, long newValue, String tokenName) {
    JsonObject toJson() {
      return new JsonObject().put("target", target).put("old", oldValue).put("new", newValue).put("token", tokenName);
    }
  }
}
