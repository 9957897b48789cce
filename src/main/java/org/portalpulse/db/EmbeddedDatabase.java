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

/**
 * A real PostgreSQL started from inside the JVM, for zero-configuration runs. Its data survives
 * restarts. Start it only while holding the data directory's {@link DataDirLock}: then no other
 * server uses this PostgreSQL, and one left running on the directory belongs to a server that died.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final Path pgData;
  private final int port;
  /** Null once a dead server was let go and no new one has started yet: see {@link #restart}. */
  private volatile EmbeddedPostgres postgres;
  /** The server process itself (the library's own process handle is pg_ctl's, which exits at once). */
  private volatile Optional<ProcessHandle> postmaster;

  private EmbeddedDatabase(Path pgData, EmbeddedPostgres postgres) {
    this.pgData = pgData;
    this.port = postgres.getPort();
    this.postgres = postgres;
    this.postmaster = identified(pgData);
  }

  public static EmbeddedDatabase start(Path dataDir, int port) {
    Path pgData = dataDir.resolve("postgres");
    return new EmbeddedDatabase(pgData, startOn(pgData, port));
  }

  /**
   * Whether the PostgreSQL server process still runs. One that could not be identified (see
   * {@link #identified}) is taken to run: watching it needs its process, and restarting a healthy
   * server because it cannot be seen would stop it every second.
   */
  public boolean isRunning() {
    return postmaster.map(ProcessHandle::isAlive).orElse(true);
  }

  /**
   * Starts PostgreSQL again on the same data and port after it died, so that the pool, the flusher
   * and the listener reconnect by themselves. Blocks for as long as PostgreSQL takes to start.
   */
  public synchronized void restart() {
    if (postgres != null) {
      closeQuietly(postgres); // once: a retry after a failed start has nothing left to close
      postgres = null;
    }
    postgres = startOn(pgData, port);
    postmaster = identified(pgData);
  }

  private static Optional<ProcessHandle> identified(Path pgData) {
    Optional<ProcessHandle> server = postmasterOf(pgData);
    if (server.isEmpty()) {
      LOG.warn("The embedded PostgreSQL's process cannot be identified from {}: it will not be restarted if it dies",
          pgData.resolve("postmaster.pid"));
    }
    return server;
  }

  private static EmbeddedPostgres startOn(Path pgData, int port) {
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
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + pgData + ": " + e.getMessage(), e);
    }
  }

  /**
   * A JVM killed without a chance to stop its PostgreSQL leaves that server running on the data
   * directory, and a new one cannot start there. The data directory's lock, held by now, says no
   * live server owns it: ask the leftover to stop (SIGTERM: a smart shutdown, and its only client is
   * gone), so nothing it committed is lost.
   */
  private static void stopLeftoverServer(Path pgData) throws IOException {
    Optional<ProcessHandle> leftover = postmasterOf(pgData);
    if (leftover.isEmpty()) {
      return;
    }
    long pid = leftover.get().pid();
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

  /** The PostgreSQL server running on {@code pgData}, as its lock file {@code postmaster.pid} names it. */
  private static Optional<ProcessHandle> postmasterOf(Path pgData) {
    try {
      List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
      long pid = Long.parseLong(lines.get(0).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    } catch (IOException | RuntimeException absentOrNotOurs) {
      return Optional.empty(); // not ours to interpret: PostgreSQL judges its lock file itself
    }
  }

  public PostgresUrl url() {
    return new PostgresUrl("localhost", port, "postgres", "postgres", "");
  }

  @Override
  public synchronized void close() {
    if (postgres != null && closeQuietly(postgres)) {
      LOG.info("Embedded PostgreSQL stopped");
    }
  }

  private static boolean closeQuietly(EmbeddedPostgres postgres) {
    try {
      postgres.close();
      return true;
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      return false;
    }
  }
}
