package org.portalpulse.content;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.jsoup.nodes.Entities;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * Fills an empty portal with the demo articles written for this project, dated relative to today.
 * Runs once at start-up over JDBC, like the migrations, before anything is served.
 */
public final class DemoArticles {
  private static final Logger LOG = LoggerFactory.getLogger(DemoArticles.class);
  private static final String RESOURCE = "/demo/articles.json";
  /** What the old CMS counted outside the articles (home and list pages), on top of their sum. */
  private static final long DEMO_OTHER_PAGES_LEGACY_VIEWS = 4_800;

  private DemoArticles() {
  }

  public static void seedIfEmpty(PostgresUrl url, ZonedDateTime now) {
    try (Connection db = url.connect()) {
      try (ResultSet rs = db.createStatement().executeQuery(SqlQueries.ANY_ARTICLE)) {
        rs.next();
        if (rs.getBoolean(1)) {
          return;
        }
      }
      JsonArray articles = load();
      db.setAutoCommit(false);
      try (PreparedStatement insert = db.prepareStatement(SqlQueries.INSERT_ARTICLE);
           PreparedStatement legacy = db.prepareStatement(SqlQueries.SET_ARTICLE_LEGACY_VIEWS);
           PreparedStatement siteLegacy = db.prepareStatement(SqlQueries.SET_DEMO_SITE_LEGACY_VIEWS)) {
        long articlesLegacyViews = 0;
        for (int i = 0; i < articles.size(); i++) {
          JsonObject a = articles.getJsonObject(i);
          ZonedDateTime scheduled = now.minusDays(a.getInteger("publishedDaysAgo"))
              .with(LocalTime.of(7, 30)).plusMinutes(37L * i % 540);
          // Seeded before half past seven, today's articles would be dated in the future: move them back a day.
          ZonedDateTime published = scheduled.isAfter(now) ? scheduled.minusDays(1) : scheduled;
          insert.setString(1, a.getString("slug"));
          insert.setString(2, a.getString("title"));
          insert.setString(3, a.getString("summary"));
          insert.setString(4, paragraphs(a.getJsonArray("body")));
          insert.setTimestamp(5, Timestamp.from(published.toInstant()));
          insert.addBatch();
          legacy.setLong(1, demoLegacyViews(i));
          articlesLegacyViews += demoLegacyViews(i);
          legacy.setString(2, a.getString("slug"));
          legacy.addBatch();
        }
        insert.executeBatch();
        legacy.executeBatch();
        // "Tất cả" must never read less than one article's "Lượt xem": the site carries over its own total too.
        siteLegacy.setLong(1, articlesLegacyViews + DEMO_OTHER_PAGES_LEGACY_VIEWS);
        siteLegacy.executeUpdate();
      }
      db.commit();
      LOG.info("Empty portal: added {} demo articles", articles.size());
    } catch (SQLException e) {
      throw new IllegalStateException("Could not add the demo articles: " + e.getMessage(), e);
    }
  }

  /** Bodies are HTML: the demo's paragraphs, escaped. */
  private static String paragraphs(JsonArray paragraphs) {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < paragraphs.size(); i++) {
      html.append("<p>").append(Entities.escape(paragraphs.getString(i))).append("</p>");
    }
    return html.toString();
  }

  /** Demo articles carry a made-up count "from the old CMS", so the baseline feature shows from the start. */
  private static long demoLegacyViews(int index) {
    return 120 + (index * 7919L) % 1_900;
  }

  private static JsonArray load() {
    try (InputStream in = DemoArticles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("The demo content " + RESOURCE + " is missing from the build");
      }
      return new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
