package org.portalpulse.db;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Zero configuration: an embedded PostgreSQL whose data survives restarts")
class EmbeddedDatabaseTest {

  @Test
  @DisplayName("Without PULSE_PG_URL the server starts its own PostgreSQL under the data directory, with demo articles")
  void embeddedDatabaseSurvivesRestart(Vertx vertx) {
    Path dataDir = TestPostgres.freshDirectory("pulse-embedded");
    Map<String, String> settings = PulseTestServer.defaults("");
    settings.put(PulseConfig.DATA_DIR, dataDir.toString());

    PulseApplication first = PulseTestServer.start(settings, Clock.systemUTC());
    Reader reader = new Reader(vertx, first.config().httpPort());
    String home = reader.get("/", Reader.visitor(1)).await().bodyAsString();
    assertThat(home).contains("Thống kê truy cập", "/articles/");
    assertThat(countArticleLinks(home)).isEqualTo(10);
    reader.get("/?page=2", Reader.visitor(1)).await();
    reader.close();
    assertThat(first.stop()).as("stopped cleanly").isTrue();
    assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

    PulseApplication second = PulseTestServer.start(settings, Clock.systemUTC());
    reader = new Reader(vertx, second.config().httpPort());
    try {
      assertThat(reader.siteStats().getLong("total") - Sql.siteLegacyViews(second.databaseUrl())).as("views counted").isEqualTo(2);
      assertThat(reader.get("/?page=3", null).await().bodyAsString()).contains("Trang 3/3");
    } finally {
      reader.close();
      assertThat(second.stop()).as("stopped cleanly").isTrue();
    }
  }

  @Test
  @DisplayName("A PostgreSQL left running by a killed server is stopped at the next start, and what it committed is kept")
  void leftoverServerIsStoppedFirst(Vertx vertx) throws Exception {
    Path dataDir = TestPostgres.freshDirectory("pulse-leftover");
    ServerProcess killed = ServerProcess.start(Map.of(
        PulseConfig.DATA_DIR, dataDir.toString(),
        PulseConfig.TRUSTED_PROXIES, "127.0.0.1"));
    Reader reader = new Reader(vertx, killed.port());
    assertThat(reader.get("/", Reader.visitor(1)).await().statusCode()).isEqualTo(200);
    await("the view committed before the kill").atMost(Duration.ofMillis(2_500)).untilAsserted(() ->
        assertThat(ScrapedMetrics.scrape(vertx, killed.port()).value("pulse_views_flushed_total")).as("views flushed").isEqualTo(1));
    reader.close();
    killed.process().destroyForcibly().waitFor(); // SIGKILL: its embedded PostgreSQL lives on

    Map<String, String> settings = PulseTestServer.defaults("");
    settings.put(PulseConfig.DATA_DIR, dataDir.toString());
    try (RunningServer restarted = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      assertThat(restarted.reader().siteStats().getLong("total") - Sql.siteLegacyViews(restarted.app().databaseUrl())).as("views counted").isEqualTo(1);
    }
  }

  @Test
  @DisplayName("An embedded PostgreSQL that dies while the server runs is started again, and the views counted meanwhile are written")
  void diedAndRestarted(Vertx vertx) throws Exception {
    Path dataDir = TestPostgres.freshDirectory("pulse-pg-dies");
    ServerProcess server = ServerProcess.start(Map.of(
        PulseConfig.DATA_DIR, dataDir.toString(),
        PulseConfig.TRUSTED_PROXIES, "127.0.0.1"));
    Reader reader = new Reader(vertx, server.port());
    try {
      assertThat(reader.get("/", Reader.visitor(1)).await().statusCode()).isEqualTo(200);
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
      ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL, as an out-of-memory killer would
      for (int i = 2; i <= 5; i++) {
        assertThat(reader.get("/", Reader.visitor(i)).await().statusCode()).as("pages are served meanwhile").isEqualTo(200);
      }
      await("the embedded PostgreSQL started again and every view written").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(ScrapedMetrics.scrape(vertx, server.port()).value("pulse_views_flushed_total")).isEqualTo(5));
      await("/health healthy again").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
          assertThat(reader.get("/health", null).await().statusCode()).isEqualTo(200));
      assertThat(server.log()).contains("The embedded PostgreSQL stopped; starting it again");
    } finally {
      reader.close();
      server.process().destroy();
      server.process().waitFor();
    }
    assertThat(server.process().exitValue()).as("a clean stop after; log: %s", server.log()).isZero();
  }

  private static long countArticleLinks(String html) {
    return html.lines().filter(l -> l.contains("<h2><a href=\"/articles/")).count();
  }
}
