package org.portalpulse.support;

import org.portalpulse.PulseApplication;
import org.portalpulse.StartupException;
import org.portalpulse.config.PulseConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Starts the real application on a free port, with test-friendly settings the test can override. */
public final class PulseTestServer {
  private PulseTestServer() {
  }

  public static Map<String, String> defaults(String pgUrl) {
    Map<String, String> settings = new HashMap<>();
    settings.put(PulseConfig.HTTP_PORT, Integer.toString(freePort()));
    settings.put(PulseConfig.HTTP_HOST, "127.0.0.1");
    settings.put(PulseConfig.PG_URL, pgUrl);
    settings.put(PulseConfig.DATA_DIR, TestPostgres.freshDirectory("pulse-data").toString());
    // Tests play many visitors from one machine: each request names its visitor in X-Forwarded-For.
    settings.put(PulseConfig.TRUSTED_PROXIES, "127.0.0.1");
    settings.put(PulseConfig.FLUSH_INTERVAL_MS, "100");
    settings.put(PulseConfig.HTTP_INSTANCES, "2");
    return settings;
  }

  public static PulseApplication start(Map<String, String> settings, Clock clock) {
    try {
      return PulseApplication.start(settings, clock);
    } catch (StartupException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Waits until every view counted so far is committed. */
  public static void awaitFlushed(PulseApplication app) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (app.ledger().unflushed() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(app.ledger().unflushed() + " views still unflushed after 20 s");
      }
      sleep(20);
    }
  }

  /** Waits up to 3 s for {@code condition}: for what happens just after an answer was read. */
  public static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not within 3 s: " + what);
      }
      sleep(20);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
