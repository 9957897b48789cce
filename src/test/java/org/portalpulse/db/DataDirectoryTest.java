package org.portalpulse.db;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.StartupException;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("One data directory, one server")
class DataDirectoryTest {

  @Test
  @DisplayName("a second server on a data directory in use is refused, naming the process that holds it, and the first keeps serving")
  void secondServerRefused(Vertx vertx) throws Exception {
    Path dataDir = TestPostgres.freshDirectory("pulse-shared-dir");
    ServerProcess first = ServerProcess.start(Map.of(PulseConfig.DATA_DIR, dataDir.toString()));
    Reader reader = new Reader(vertx, first.port());
    try {
      assertThat(reader.get("/health", null).await().statusCode()).isEqualTo(200);

      Map<String, String> settings = PulseTestServer.defaults("");
      settings.put(PulseConfig.DATA_DIR, dataDir.toString());
      assertThatThrownBy(() -> PulseApplication.start(settings, Clock.systemUTC()))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("Invalid setting " + PulseConfig.DATA_DIR + ": " + dataDir + " is in use by another Portal Pulse")
          .hasMessageContaining("pid " + first.process().pid());

      // Its embedded PostgreSQL was left alone: the first server stays healthy and counts.
      Waits.holdsFor(Duration.ofSeconds(3), "the first server stays healthy", () ->
          assertThat(reader.get("/health", null).await().statusCode()).as("the first server's /health").isEqualTo(200));
      assertThat(reader.get("/", Reader.visitor(1)).await().statusCode()).isEqualTo(200);
    } finally {
      reader.close();
      first.process().destroy();
      first.process().waitFor();
    }
  }
}
