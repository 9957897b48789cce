package org.portalpulse.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.AdminToken;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.AdminClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.TestPostgres;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The admin API lets in only configured tokens, and never writes one down")
class AdminAuthTest {
  private static final String PLAIN = "quick-start-token-5f2c9a1e7b";
  private static final String HASHED = "ops-team-token-9d41c7e02a6b";

  @Test
  @DisplayName("0 of many requests with no, wrong or malformed tokens succeed; both configured tokens do; no token reaches the logs")
  void onlyConfiguredTokens(Vertx vertx) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, PLAIN);
    settings.put(PulseConfig.ADMIN_TOKENS, "ops:" + HexFormat.of().formatHex(AdminToken.sha256(HASHED)));
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      List<String> refused = new ArrayList<>();
      refused.add(null);
      refused.addAll(List.of("", "Bearer", "Bearer ", "Basic " + PLAIN, "Bearer  " + PLAIN, "Bearer " + PLAIN + " extra",
          "Bearer " + PLAIN.substring(1), "Bearer " + PLAIN + "x", "Bearer " + PLAIN.toUpperCase(), "Bearer " + HASHED + "\u00e9",
          "Bearer " + HexFormat.of().formatHex(AdminToken.sha256(HASHED)), "Bearer " + "a".repeat(2_000), "Token " + PLAIN));
      List<String> paths = List.of("/counters", "/views", "/top", "/baselines", "/baselines/audit");
      int attempts = 0;
      int succeeded = 0;
      for (int i = 0; i < refused.size(); i++) {
        for (String path : paths) {
          // Each address stays under the failure limit, so every answer here is the 401 itself.
          String address = Reader.visitor(500 + attempts / (FailedAttempts.LIMIT - 1));
          HttpResponse<Buffer> response = admin.send(HttpMethod.GET, path, refused.get(i), address, null);
          attempts++;
          if (response.statusCode() < 400) {
            succeeded++;
          }
          assertThat(response.statusCode()).as("%s with %s", path, refused.get(i)).isEqualTo(401);
          assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=");
        }
      }
      HttpResponse<Buffer> put = admin.send(HttpMethod.PUT, "/baselines/site", "Bearer wrong-wrong-wrong-wrong", Reader.visitor(999),
          new io.vertx.core.json.JsonObject().put("legacyViews", 1));
      assertThat(put.statusCode()).isEqualTo(401);
      assertThat(succeeded).as("requests without a valid token that succeeded").isZero();
      assertThat(attempts).isEqualTo(refused.size() * paths.size()).isGreaterThanOrEqualTo(70);

      assertThat(admin.get("/counters", PLAIN).statusCode()).isEqualTo(200);
      assertThat(admin.get("/counters", HASHED).statusCode()).isEqualTo(200);
      assertThat(admin.send(HttpMethod.GET, "/counters", "bearer " + PLAIN, null, null).statusCode())
          .as("the scheme is case-insensitive (RFC 7235)").isEqualTo(200);
      assertThat(admin.send(HttpMethod.PUT, "/baselines/site", "Bearer " + HASHED, null,
          new io.vertx.core.json.JsonObject().put("legacyViews", 10)).bodyAsJsonObject().getString("token")).isEqualTo("ops");
    } finally {
      root.detachAppender(logs);
    }
    for (ILoggingEvent event : logs.list) {
      String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
      assertThat(text).doesNotContain(PLAIN).doesNotContain(HASHED).doesNotContain(PLAIN.substring(1));
    }
  }

  @Test
  @DisplayName("repeated failures from one address get 429 with Retry-After, even with the right token; other addresses do not")
  void repeatedFailuresAreThrottled(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, PLAIN);
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      String guesser = Reader.visitor(700);
      for (int i = 0; i < FailedAttempts.LIMIT; i++) {
        assertThat(admin.send(HttpMethod.GET, "/counters", "Bearer guess-" + i + "-abcdefghijkl", guesser, null).statusCode())
            .isEqualTo(401);
      }
      HttpResponse<Buffer> throttled = admin.send(HttpMethod.GET, "/counters", "Bearer " + PLAIN, guesser, null);
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.getHeader("Retry-After")).isEqualTo(Long.toString(FailedAttempts.WINDOW.toSeconds()));
      assertThat(admin.send(HttpMethod.GET, "/counters", "Bearer " + PLAIN, Reader.visitor(701), null).statusCode()).isEqualTo(200);
    }
  }

  private static String throwableText(IThrowableProxy proxy) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
      text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
    }
    return text.toString();
  }
}
