package org.portalpulse.ops;

import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.CapturedLog;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.StoppablePostgres;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("/health says what is wrong to anyone, and the error's own text only to ops")
class HealthErrorTextTest {
  private static final String UNREACHABLE = "PostgreSQL is unreachable";

  @Test
  @DisplayName("PostgreSQL down: the readers' port says it is unreachable without the driver's text; the ops port and the log give the text")
  void driverTextOnlyForOps(Vertx vertx) {
    StoppablePostgres postgres = StoppablePostgres.start("pg-health-text");
    Map<String, String> withOpsPort = PulseTestServer.defaults(postgres.url());
    int opsPort = PulseTestServer.withOpsPort(withOpsPort);
    CapturedLog log = CapturedLog.start();
    RunningServer open = RunningServer.start(vertx, PulseTestServer.defaults(postgres.url()), Clock.systemUTC());
    RunningServer ops = RunningServer.start(vertx, withOpsPort, Clock.systemUTC());
    try (Reader opsPortReader = new Reader(vertx, opsPort)) {
      postgres.stop();

      JsonObject full = awaitDown(opsPortReader);
      String opsReason = reason(full, "database");
      assertThat(opsReason).as("the ops port's reason").startsWith(UNREACHABLE + ": ");
      String driverText = opsReason.substring((UNREACHABLE + ": ").length());
      assertThat(driverText).as("the driver's text").isNotBlank();

      JsonObject public_ = awaitDown(open.reader());
      assertThat(reason(public_, "database")).as("the readers' port's reason").isEqualTo(UNREACHABLE);
      assertThat(public_.encode()).as("the readers' /health").doesNotContain(driverText);
      JsonObject flushing = check(public_, "flushing");
      if (flushing.getJsonObject("data").containsKey("reason")) {
        assertThat(reason(public_, "flushing")).matches("Counted views have waited \\d+ s to be written");
      }
      assertThat(log.lines(Level.WARN)).as("the log").anyMatch(line -> line.contains(driverText));
    } finally {
      postgres.startAgain(); // the final flushes need it
      log.close();
      open.close();
      ops.close();
      postgres.close();
    }
  }

  private static JsonObject awaitDown(Reader reader) {
    AtomicReference<HttpResponse<Buffer>> last = new AtomicReference<>();
    await("/health reporting PostgreSQL down").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      last.set(reader.get("/health", null).await());
      assertThat(last.get().statusCode()).as(last.get().bodyAsString()).isEqualTo(503);
      assertThat(check(last.get().bodyAsJsonObject(), "database").getString("status")).isEqualTo("DOWN");
    });
    return last.get().bodyAsJsonObject();
  }

  private static String reason(JsonObject health, String id) {
    return check(health, id).getJsonObject("data").getString("reason");
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("No check " + id + " in " + health));
  }
}
