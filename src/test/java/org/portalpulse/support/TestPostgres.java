package org.portalpulse.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests, started once per test JVM. The server under test reaches
 * it through {@code PULSE_PG_URL}, the path an operator with their own PostgreSQL takes; each test
 * gets a database of its own.
 */
public final class TestPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {
  }

  public static synchronized String newDatabaseUrl() {
    if (server == null) {
      server = start(freshDirectory("pg-shared"), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is going away
        }
      }));
    }
    String name = "pulse_test_" + DATABASES.incrementAndGet();
    try (Connection admin = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"))) {
      admin.createStatement().execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return "postgresql://postgres@localhost:" + server.getPort() + "/" + name;
  }

  /** A server of the test's own, for tests that stop and restart PostgreSQL. */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          // The library waits 10 s; on a loaded 2-core CI box a start (with initdb) can take longer.
          .setPGStartupWait(java.time.Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path freshDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
