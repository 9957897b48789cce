package org.portalpulse.ops;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("PULSE_OPS_PORT moves /metrics and /health off the readers' port")
class OpsPortTest {

  @Test
  @DisplayName("With an ops port, readers get 404 for /metrics and /health; the ops port serves them and nothing else")
  void opsOnTheirOwnPort(Vertx vertx) {
    int opsPort = PulseTestServer.freePort();
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.OPS_PORT, Integer.toString(opsPort));
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC());
         Reader ops = new Reader(vertx, opsPort)) {
      Reader readers = server.reader();
      assertThat(readers.get("/", "203.0.113.10").await().statusCode()).isEqualTo(200);
      assertThat(readers.get("/metrics", null).await().statusCode()).isEqualTo(404);
      assertThat(readers.get("/health", null).await().statusCode()).isEqualTo(404);

      assertThat(ops.get("/health", null).await().statusCode()).isEqualTo(200);
      assertThat(ScrapedMetrics.scrape(vertx, opsPort).value("pulse_views_counted_total")).isGreaterThanOrEqualTo(1);
      assertThat(ops.get("/", null).await().statusCode()).as("no pages on the ops port").isEqualTo(404);
    }
  }
}
