package org.portalpulse.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A PostgreSQL of a test's own, on a fixed port and data directory, that the test stops and starts again. */
public final class StoppablePostgres implements AutoCloseable {
  private final Path data;
  private final int port;
  private EmbeddedPostgres server;

  private StoppablePostgres(Path data, int port) {
    this.data = data;
    this.port = port;
    this.server = TestPostgres.start(data, port);
  }

  public static StoppablePostgres start(String name) {
    return new StoppablePostgres(TestPostgres.freshDirectory(name), PulseTestServer.freePort());
  }

  /** What {@code PULSE_PG_URL} is set to: the same whether the server is up or down. */
  public String url() {
    return "postgresql://postgres@localhost:" + port + "/postgres";
  }

  public void stop() {
    close();
  }

  /** Starts it again; does nothing when it runs. */
  public void startAgain() {
    if (server == null) {
      server = TestPostgres.start(data, port);
    }
  }

  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      server = null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
