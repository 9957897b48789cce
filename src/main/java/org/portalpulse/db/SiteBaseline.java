package org.portalpulse.db;

import org.portalpulse.config.PostgresUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Applies {@code PULSE_LEGACY_TOTAL}, the site-wide count carried over from an old CMS, at start-up. */
public final class SiteBaseline {
  private static final Logger LOG = LoggerFactory.getLogger(SiteBaseline.class);

  private SiteBaseline() {
  }

  public static void apply(PostgresUrl url, long legacyViews) {
    try (Connection db = url.connect();
         PreparedStatement update = db.prepareStatement(
             "UPDATE site_baseline SET legacy_views = ? WHERE legacy_views <> ? RETURNING legacy_views")) {
      update.setLong(1, legacyViews);
      update.setLong(2, legacyViews);
      try (ResultSet changed = update.executeQuery()) {
        if (changed.next()) {
          LOG.info("Site-wide legacy baseline set to {}", legacyViews);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set the legacy baseline: " + e.getMessage(), e);
    }
  }
}
