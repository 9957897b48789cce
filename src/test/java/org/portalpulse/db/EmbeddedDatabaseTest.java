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
import org.portalpulse.support.TestPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
    first.stop();
    assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

    PulseApplication second = PulseTestServer.start(settings, Clock.systemUTC());
    reader = new Reader(vertx, second.config().httpPort());
    try {
      assertThat(reader.siteStats().getLong("total")).isEqualTo(2);
      assertThat(reader.get("/?page=3", null).await().bodyAsString()).contains("Trang 3/3");
    } finally {
      reader.close();
      second.stop();
    }
  }

  private static long countArticleLinks(String html) {
    return html.lines().filter(l -> l.contains("<h2><a href=\"/articles/")).count();
  }
}
