package org.portalpulse.db;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.StoppablePostgres;
import org.portalpulse.support.TestPostgres;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Start-up waits for a PostgreSQL that is not reachable yet")
class DatabaseStartTest {

  @Test
  @DisplayName("a server started before its PostgreSQL waits for it, logging each attempt without the password, then serves")
  void waitsForTheDatabase(Vertx vertx) throws Exception {
    StoppablePostgres postgres = StoppablePostgres.start("pg-late");
    postgres.stop();
    String url = postgres.url().replace("postgres@", "postgres:s3cret-pw@");
    ServerProcess server = ServerProcess.launch(Map.of(
        PulseConfig.PG_URL, url,
        PulseConfig.PG_WAIT, "60",
        PulseConfig.DATA_DIR, TestPostgres.freshDirectory("pulse-late").toString()));
    try {
      await("a first failed attempt in the log").atMost(Duration.ofSeconds(20))
          .until(() -> server.log().contains("is not reachable yet"));
      assertThat(server.process().isAlive()).as("still waiting, not exited; log: %s", server.log()).isTrue();
      postgres.startAgain();
      server.awaitListening();
      Reader reader = new Reader(vertx, server.port());
      assertThat(reader.get("/", Reader.visitor(1)).await().statusCode()).isEqualTo(200);
      reader.close();
      assertThat(server.log()).doesNotContain("s3cret-pw");
    } finally {
      server.process().destroy();
      server.process().waitFor(30, TimeUnit.SECONDS);
      postgres.close();
    }
  }

  @Test
  @DisplayName("past PULSE_PG_WAIT it gives up with one clear line and exit code 1")
  void givesUpAfterTheWait() throws Exception {
    StoppablePostgres postgres = StoppablePostgres.start("pg-never");
    postgres.stop();
    ServerProcess server = ServerProcess.launch(Map.of(
        PulseConfig.PG_URL, postgres.url(),
        PulseConfig.PG_WAIT, "2",
        PulseConfig.DATA_DIR, TestPostgres.freshDirectory("pulse-never").toString()));
    try {
      assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(server.process().exitValue()).isEqualTo(1);
      assertThat(server.log()).contains("could not be reached within 2 s (PULSE_PG_WAIT)");
    } finally {
      server.process().destroyForcibly();
      postgres.close();
    }
  }
}
