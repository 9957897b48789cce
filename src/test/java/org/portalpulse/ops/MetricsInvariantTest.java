package org.portalpulse.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.Sql;
import org.portalpulse.support.StoppablePostgres;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("What /metrics and /health say is true, across a PostgreSQL outage")
class MetricsInvariantTest {
  private static final int ROUNDS = 20;
  private static final int VIEWS_PER_ROUND = 100;
  private static final Duration PACE = Duration.ofMillis(100);

  @Test
  @DisplayName("counted = flushed + buffered in every scrape; /health is 503 while PostgreSQL is down and pages still count")
  void invariantAndHealthAcrossOutage(Vertx vertx) throws InterruptedException {
    StoppablePostgres postgres = StoppablePostgres.start("pg-metrics");
    PulseApplication app = PulseTestServer.start(PulseTestServer.defaults(postgres.url()), Clock.systemUTC());
    int port = app.config().httpPort();
    Reader reader = new Reader(vertx, port);
    WebClient client = WebClient.create(vertx);
    String slug = Sql.text(app.databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
    long served = 0;
    boolean sawBufferedDuringOutage = false;
    try {
      assertThat(health(client, port).statusCode()).isEqualTo(200);
      for (int round = 0; round < ROUNDS; round++) {
        if (round == 5) {
          postgres.stop();
        }
        if (round == 15) {
          // /health reads what the server already knows: PostgreSQL unanswered for 5 s is down.
          HttpResponse<Buffer> down = awaitHealth(client, port, 503);
          assertThat(down.bodyAsJsonObject().getString("outcome")).isEqualTo("DOWN");
          assertThat(check(down.bodyAsJsonObject(), "database").getJsonObject("data").getString("reason"))
              .contains("PostgreSQL is unreachable");
          assertThat(ScrapedMetrics.scrape(vertx, port).value("pulse_database_up")).as("pulse_database_up while down").isZero();
          postgres.startAgain();
        }
        int first = round * VIEWS_PER_ROUND;
        List<Future<HttpResponse<Buffer>>> views = IntStream.range(first, first + VIEWS_PER_ROUND)
            .mapToObj(i -> reader.get("/articles/" + slug, Reader.visitor(70_000 + i)))
            .toList();
        Future.all(views).await();
        served += views.stream().filter(v -> v.result().statusCode() == 200).count();

        ScrapedMetrics metrics = ScrapedMetrics.scrape(vertx, port);
        double counted = metrics.value("pulse_views_counted_total");
        double flushed = metrics.value("pulse_views_flushed_total");
        double buffered = metrics.value("pulse_views_buffered");
        assertThat(counted).as("counted in round %d", round).isEqualTo((double) served);
        assertThat(flushed + buffered).as("flushed + buffered in round %d", round).isEqualTo(counted);
        if (round >= 5 && round < 15) {
          sawBufferedDuringOutage |= buffered > VIEWS_PER_ROUND;
        }
        // Part of the load, not a wait for anything: a flush interval between rounds, so that flushes (and
        // failed ones while PostgreSQL is down) fall between the scrapes.
        Thread.sleep(PACE.toMillis());
      }
      PulseTestServer.awaitFlushed(app);

      ScrapedMetrics after = ScrapedMetrics.scrape(vertx, port);
      assertThat(sawBufferedDuringOutage).as("views piled up while PostgreSQL was down").isTrue();
      assertThat(after.value("pulse_views_flushed_total")).isEqualTo((double) served);
      assertThat(after.value("pulse_views_buffered")).isZero();
      assertThat(after.value("pulse_flush_failures_total")).isPositive();
      assertThat(Sql.scalar(app.databaseUrl(), "SELECT views FROM site_total_views")).isEqualTo(served);
      awaitHealth(client, port, 200);
      assertThat(ScrapedMetrics.scrape(vertx, port).value("pulse_database_up")).isEqualTo(1);
    } finally {
      postgres.startAgain(); // if a failed assertion left it stopped: the final flush needs it
      client.close();
      reader.close();
      assertThat(app.stop()).as("stopped cleanly").isTrue();
      postgres.close();
    }
  }

  private static HttpResponse<Buffer> awaitHealth(WebClient client, int port, int status) {
    AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
    await("/health answering " + status).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).untilAsserted(() -> {
      last.set(health(client, port));
      assertThat(last.get().statusCode()).as("/health within 10 s, answering %s", last.get().bodyAsString()).isEqualTo(status);
    });
    return last.get();
  }

  private static HttpResponse<Buffer> health(WebClient client, int port) {
    return client.get(port, "127.0.0.1", "/health").send().await();
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("No check " + id + " in " + health));
  }
}
