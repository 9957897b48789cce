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
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    // Flush rarely, so that SIGTERM surely finds views still only in memory.
    ServerProcess running = ServerProcess.start(Map.of(
        PulseConfig.PG_URL, pgUrl,
        PulseConfig.TRUSTED_PROXIES, "127.0.0.1",
        PulseConfig.FLUSH_INTERVAL_MS, "1000"));
    Process server = running.process();
    try {
      Reader reader = new Reader(vertx, running.port());
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
      assertThat(server.exitValue()).as("exit code; log: %s", running.log()).isZero();
      reader.close();

      assertThat(ok.get()).isGreaterThanOrEqualTo(1_000);
      assertThat(running.log()).contains("writing every counted view");
      assertThat(Sql.scalar(PostgresUrl.parse(pgUrl), "SELECT views FROM site_total_views")).isEqualTo(ok.get());
    } finally {
      server.destroyForcibly();
    }
  }

}
