package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.Main;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("SIGTERM under load: the server stops gracefully, exits 0 and loses no counted view")
class GracefulShutdownTest {

  @Test
  @DisplayName("Every view answered with 200 before SIGTERM is in PostgreSQL after exit")
  void sigtermUnderLoad(Vertx vertx) throws Exception {
    String pgUrl = TestPostgres.newDatabaseUrl();
    int port = PulseTestServer.freePort();
    Path log = Files.createTempFile("pulse-sigterm", ".log");
    // Flush rarely, so that SIGTERM surely finds views still only in memory.
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put(PulseConfig.PG_URL, pgUrl);
    builder.environment().put(PulseConfig.HTTP_PORT, Integer.toString(port));
    builder.environment().put(PulseConfig.HTTP_HOST, "127.0.0.1");
    builder.environment().put(PulseConfig.TRUSTED_PROXIES, "127.0.0.1");
    builder.environment().put(PulseConfig.FLUSH_INTERVAL_MS, "1000");
    Process server = builder.start();
    try {
      awaitPort(port, server, log);
      Reader reader = new Reader(vertx, port);
      AtomicLong ok = new AtomicLong();
      // Waves of concurrent views; SIGTERM goes out while a wave is in flight, and the load goes on.
      for (int wave = 0; wave < 40; wave++) {
        List<Future<HttpResponse<Buffer>>> views = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          views.add(reader.get("/", Reader.visitor(wave * 50 + i)));
        }
        if (wave == 20) {
          server.destroy(); // SIGTERM
        }
        Future.join(new ArrayList<>(views)).otherwiseEmpty().await();
        ok.addAndGet(views.stream().filter(v -> v.succeeded() && v.result().statusCode() == 200).count());
      }
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server exited").isTrue();
      assertThat(server.exitValue()).as("exit code; log: %s", Files.readString(log)).isZero();
      reader.close();

      assertThat(ok.get()).isGreaterThanOrEqualTo(1_000);
      assertThat(Files.readString(log)).contains("writing every counted view");
      assertThat(Sql.scalar(PostgresUrl.parse(pgUrl), "SELECT views FROM site_total_views")).isEqualTo(ok.get());
    } finally {
      server.destroyForcibly();
    }
  }

  private static void awaitPort(int port, Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(server.isAlive()).as("server died: %s", Files.readString(log)).isTrue();
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        PulseTestServer.sleep(100);
      }
    }
    throw new AssertionError("server did not listen within 60 s: " + Files.readString(log));
  }

}
