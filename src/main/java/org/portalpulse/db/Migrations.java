package org.portalpulse.db;

import org.flywaydb.core.Flyway;
import org.portalpulse.config.PostgresUrl;

/** Brings the schema up to date. Runs once, blocking, before any verticle is deployed. */
public final class Migrations {
  private Migrations() {
  }

  public static void migrate(PostgresUrl url) {
    Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
