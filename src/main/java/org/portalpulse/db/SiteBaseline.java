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

  /**
   * Sets the baseline when it differs, as an audited change by "PULSE_LEGACY_TOTAL", like a change
   * through the admin API: the setting wins at every start while it is set.
   */
  public static void apply(PostgresUrl url, long legacyViews) {
    try (Connection db = url.connect();
         PreparedStatement update = db.prepareStatement(SqlQueries.APPLY_LEGACY_TOTAL)) {
      update.setLong(1, legacyViews);
      update.setLong(2, legacyViews);
      try (ResultSet changed = update.executeQuery()) {
        if (changed.next()) {
          LOG.info("Site-wide legacy baseline set from {} to {} (PULSE_LEGACY_TOTAL)", changed.getLong(1), legacyViews);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set the legacy baseline: " + e.getMessage(), e);
    }
  }
}
