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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

  /** Gives the server a port of its own for /metrics and /health ({@code PULSE_OPS_PORT}), and returns it. */
  public static int withOpsPort(Map<String, String> settings) {
    int port = freePort();
    settings.put(PulseConfig.OPS_PORT, Integer.toString(port));
    return port;
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
    await("every counted view committed").atMost(Duration.ofSeconds(20)).pollInterval(Waits.FAST_POLL)
        .untilAsserted(() -> assertThat(app.ledger().unflushed()).as("views still unflushed").isZero());
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
