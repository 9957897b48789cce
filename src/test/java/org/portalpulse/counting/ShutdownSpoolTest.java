package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.Sql;
import org.portalpulse.support.StoppablePostgres;
import org.portalpulse.support.TestPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("SIGTERM while PostgreSQL is unreachable: what it did not take is spooled, and written once at the next start")
class ShutdownSpoolTest {

  @Test
  @DisplayName("views counted while PostgreSQL is down survive the stop and are stored exactly once")
  void spooledAndReplayed(Vertx vertx) throws Exception {
    Path dataDir = TestPostgres.freshDirectory("pulse-spool");
    try (StoppablePostgres postgres = StoppablePostgres.start("pg-spool")) {
      Map<String, String> settings = Map.of(
          PulseConfig.PG_URL, postgres.url(),
          PulseConfig.DATA_DIR, dataDir.toString(),
          PulseConfig.TRUSTED_PROXIES, "127.0.0.1");
      ServerProcess first = ServerProcess.start(settings);
      Reader reader = new Reader(vertx, first.port());
      long before = views(reader, 0, 20);
      await("the first views written").atMost(Duration.ofSeconds(10))
          .until(() -> Sql.scalar(PostgresUrl.parse(postgres.url()), "SELECT views FROM site_total_views") == before);

      postgres.stop();
      long during = views(reader, 20, 50);
      reader.close();
      first.process().destroy(); // SIGTERM with PostgreSQL unreachable
      assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(first.process().exitValue()).as("exit code; log: %s", first.log()).isZero();
      assertThat(first.log()).contains("in the spool");
      assertThat(spooled(dataDir)).as("batch files kept").isNotEmpty();

      postgres.startAgain();
      ServerProcess second = ServerProcess.start(settings);
      try {
        PostgresUrl url = PostgresUrl.parse(postgres.url());
        assertThat(Sql.scalar(url, "SELECT views FROM site_total_views")).isEqualTo(before + during);
        assertThat(Sql.scalar(url, "SELECT sum(views) FROM site_hourly_views")).isEqualTo(before + during);
        assertThat(spooled(dataDir)).as("written, then removed").isEmpty();
      } finally {
        second.process().destroy();
        second.process().waitFor(30, TimeUnit.SECONDS);
      }
      // A third start finds nothing left to write: nothing is added twice.
      ServerProcess third = ServerProcess.start(settings);
      third.process().destroy();
      third.process().waitFor(30, TimeUnit.SECONDS);
      assertThat(Sql.scalar(PostgresUrl.parse(postgres.url()), "SELECT views FROM site_total_views")).isEqualTo(before + during);
    }
  }

  /** Views of the home page by distinct visitors {@code from} to {@code to}; returns how many were answered with 200. */
  private static long views(Reader reader, int from, int to) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sent.add(reader.get("/", Reader.visitor(i)));
    }
    Future.join(new ArrayList<>(sent)).otherwiseEmpty().await();
    return sent.stream().filter(f -> f.succeeded() && f.result().statusCode() == 200).count();
  }

  private static List<Path> spooled(Path dataDir) throws Exception {
    Path spool = dataDir.resolve("spool");
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (var files = Files.list(spool)) {
      return files.toList();
    }
  }
}
