package org.portalpulse.content;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.portalpulse.db.SqlQueries;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the articles once at start-up and renders each body to its HTML fragment. */
public final class ArticleLoader {
  private ArticleLoader() {
  }

  public static Future<ArticleCatalog> load(Pool pool, TemplateEngine templates, ZoneId zone) {
    return pool.query(SqlQueries.ALL_ARTICLES).execute().map(rows -> {
      List<Article> articles = new ArrayList<>(rows.size());
      for (Row row : rows) {
        articles.add(new Article(
            row.getLong("page_id"),
            row.getString("slug"),
            Article.pathOf(row.getString("slug")),
            row.getString("title"),
            row.getString("summary"),
            bodyHtml(templates, row.getString("body")),
            row.getOffsetDateTime("published_at").atZoneSameInstant(zone)));
      }
      return new ArticleCatalog(articles);
    });
  }

  /** Bodies are plain text with blank lines between paragraphs. */
  private static HtmlFragment bodyHtml(TemplateEngine templates, String body) {
    List<String> paragraphs = Arrays.stream(body.split("\\n\\s*\\n"))
        .map(String::strip)
        .filter(p -> !p.isEmpty())
        .toList();
    StringOutput out = new StringOutput();
    templates.render("body.jte", paragraphs, out);
    return new HtmlFragment(out.toString());
  }
}
