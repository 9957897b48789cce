package org.portalpulse.support;

import org.portalpulse.config.PostgresUrl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Blocking look-ups for assertions, run on the test thread, never on an event loop. */
public final class Sql {
  private Sql() {
  }

  public static long scalar(PostgresUrl url, String sql, Object... params) {
    try (Connection db = url.connect();
         PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The site's legacy total: the demo articles' carried-over views and more, on a fresh demo database. */
  public static long siteLegacyViews(PostgresUrl url) {
    return scalar(url, "SELECT legacy_views FROM site_baseline");
  }

  public static String text(PostgresUrl url, String sql) {
    try (Connection db = url.connect();
         ResultSet rs = db.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One statement with {@code ?} parameters, for the rows a test needs that no API makes yet. */
  public static void update(PostgresUrl url, String sql, Object... params) {
    try (Connection db = url.connect();
         PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void execute(PostgresUrl url, String sql) {
    try (Connection db = url.connect()) {
      db.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
