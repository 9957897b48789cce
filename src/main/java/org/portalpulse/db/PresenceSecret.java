package org.portalpulse.db;

import org.portalpulse.config.PostgresUrl;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The presence key every instance hashes visitors with (see V2__live.sql), read once at start-up. */
public final class PresenceSecret {
  private static final int BYTES = 32;

  private PresenceSecret() {
  }

  public static byte[] load(PostgresUrl url) {
    byte[] candidate = new byte[BYTES];
    new SecureRandom().nextBytes(candidate);
    try (Connection db = url.connect();
         PreparedStatement ensure = db.prepareStatement(SqlQueries.ENSURE_PRESENCE_SECRET)) {
      ensure.setBytes(1, candidate);
      try (ResultSet row = ensure.executeQuery()) {
        row.next(); // the statement returns the secret in every case, the winner's when two start at once
        return row.getBytes(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the presence secret: " + e.getMessage(), e);
    }
  }
}
