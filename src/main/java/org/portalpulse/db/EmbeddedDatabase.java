package org.portalpulse.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.portalpulse.config.PostgresUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real PostgreSQL started from inside the JVM, for zero-configuration runs. Its data survives restarts. */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir, int port) {
    Path pgData = dataDir.resolve("postgres");
    try {
      Files.createDirectories(pgData);
      stopLeftoverServer(pgData);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          // The library is made for tests: it starts PostgreSQL with -F (no fsync) and without
          // synchronous commits. Counts must survive a power cut, so both go back on.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "50")
          .setLocaleConfig("encoding", "UTF8")
          // The library waits 10 s; a first start (initdb) on a busy small machine can take longer.
          .setPGStartupWait(java.time.Duration.ofSeconds(60));
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      LOG.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), pgData);
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
    }
  }

  /**
   * A JVM killed without a chance to stop its PostgreSQL leaves that server running on the data
   * directory, and a new one cannot start there. Ask the leftover to stop (SIGTERM: a smart shutdown,
   * and its only client is gone), so nothing it committed is lost.
   */
  private static void stopLeftoverServer(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return; // not ours to interpret: PostgreSQL will judge the lock file itself
    }
    Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (leftover.isEmpty()) {
      return;
    }
    LOG.warn("PostgreSQL (pid {}) is still running on {} from an instance that did not stop cleanly; stopping it first", pid, pgData);
    ProcessHandle server = leftover.get();
    server.destroy();
    try {
      server.onExit().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while waiting for the leftover PostgreSQL to stop", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("The leftover PostgreSQL (pid " + pid + ") did not stop within 60 s; stop it, then start again", e);
    }
  }

  public PostgresUrl url() {
    return new PostgresUrl("localhost", postgres.getPort(), "postgres", "postgres", "");
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
