package org.portalpulse.content;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the published articles: all of them at start-up, or those of the pages a change named. */
final class ArticleLoader {
  private final Pool pool;
  private final ZoneId zone;

  ArticleLoader(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  Future<ArticleCatalog> all() {
    return pool.query(SqlQueries.ALL_ARTICLES).execute().map(rows -> new ArticleCatalog(articles(rows)));
  }

  /** The published ones among the articles of {@code pageIds}. */
  Future<List<Article>> ofPages(Long[] pageIds) {
    return pool.preparedQuery(SqlQueries.ARTICLES_OF_PAGES).execute(Tuple.tuple().addArrayOfLong(pageIds))
        .map(this::articles);
  }

  private List<Article> articles(RowSet<Row> rows) {
    List<Article> articles = new ArrayList<>(rows.size());
    for (Row row : rows) {
      articles.add(new Article(
          row.getLong("page_id"),
          row.getString("slug"),
          Article.pathOf(row.getString("slug")),
          row.getString("title"),
          row.getString("summary"),
          new HtmlFragment(row.getString("body")),
          row.getOffsetDateTime("published_at").atZoneSameInstant(zone),
          row.getOffsetDateTime("updated_at").atZoneSameInstant(zone),
          Optional.ofNullable(row.getString("image_url"))));
    }
    return articles;
  }
}
