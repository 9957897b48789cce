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
import org.portalpulse.support.MutableClock;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.TestPostgres;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  /** What the README promises: after the first failures, one more per 30 s; 5 quiet minutes restore them all. */
  private static final Duration REFILL = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofMinutes(5);

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
  @DisplayName("10 bad tokens from one address, then the good token: 200; the guesser who keeps going gets 429, the admin beside it still gets in")
  void validTokenIsNeverLockedOut(Vertx vertx) {
    try (RunningServer server = withPlainToken(vertx, Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      String office = Reader.visitor(700);
      for (int i = 0; i < FailedAttempts.LIMIT; i++) {
        assertThat(guess(admin, office, "guess-" + i).statusCode()).isEqualTo(401);
      }
      assertThat(withGoodToken(admin, office).statusCode()).as("the good token after 10 bad ones from its address").isEqualTo(200);
      for (int i = 0; i < 20; i++) {
        HttpResponse<Buffer> throttled = guess(admin, office, "more-" + i);
        assertThat(throttled.statusCode()).as("guess %d during the block", i).isEqualTo(429);
        assertThat(Long.parseLong(throttled.getHeader("Retry-After"))).as("Retry-After").isBetween(1L, REFILL.toSeconds());
        HttpResponse<Buffer> good = withGoodToken(admin, office);
        assertThat(good.statusCode()).as("the admin behind the same address, round %d", i).isEqualTo(200);
        assertThat(good.bodyAsJsonObject().containsKey("today")).isTrue();
      }
      assertThat(guess(admin, Reader.visitor(701), "elsewhere").statusCode()).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("retrying during a block never lengthens it: Retry-After counts down, then one guess per 30 s; 5 quiet minutes restore all 10")
  void blockEndsWhateverTheRetries(Vertx vertx) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-30T03:00:00Z"));
    try (RunningServer server = withPlainToken(vertx, clock);
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      String guesser = Reader.visitor(710);
      int n = 0;
      for (int i = 0; i < FailedAttempts.LIMIT; i++) {
        assertThat(guess(admin, guesser, "guess-" + n++).statusCode()).isEqualTo(401);
      }
      assertRefused(guess(admin, guesser, "guess-" + n++), 30);
      clock.advance(Duration.ofSeconds(10));
      for (int i = 0; i < 50; i++) {
        assertRefused(guess(admin, guesser, "guess-" + n++), 20);
      }
      clock.advance(Duration.ofSeconds(20));
      assertThat(guess(admin, guesser, "guess-" + n++).statusCode()).as("one guess, 30 s after the block began").isEqualTo(401);
      assertRefused(guess(admin, guesser, "guess-" + n++), 30);
      clock.advance(QUIET);
      for (int i = 0; i < FailedAttempts.LIMIT; i++) {
        assertThat(guess(admin, guesser, "guess-" + n++).statusCode()).as("after 5 quiet minutes, guess %d", i).isEqualTo(401);
      }
      assertRefused(guess(admin, guesser, "guess-" + n), 30);
    }
  }

  @Test
  @DisplayName("failures count per address and per token: a stale token repeated does not use up its address; IPv6 counts by /64")
  void limitsPerAddressAndPerToken(Vertx vertx) {
    try (RunningServer server = withPlainToken(vertx, Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      String office = Reader.visitor(720);
      for (int i = 0; i < FailedAttempts.LIMIT; i++) {
        assertThat(guess(admin, office, "revoked-token-in-a-script").statusCode()).isEqualTo(401);
      }
      assertThat(guess(admin, office, "revoked-token-in-a-script").statusCode()).as("the same wrong token, once more").isEqualTo(429);
      assertThat(guess(admin, office, "a-colleague-mistyped-it").statusCode()).as("another wrong token from the same address")
          .isEqualTo(401);

      for (int i = 1; i <= FailedAttempts.LIMIT; i++) {
        assertThat(guess(admin, "2001:db8:1:2::" + Integer.toHexString(i), "v6-guess-" + i).statusCode()).isEqualTo(401);
      }
      assertThat(guess(admin, "2001:db8:1:2:ffff::1", "v6-guess-more").statusCode()).as("another address in the same /64")
          .isEqualTo(429);
      assertThat(guess(admin, "2001:db8:1:3::1", "v6-guess-next").statusCode()).as("the next /64").isEqualTo(401);
      assertThat(withGoodToken(admin, "2001:db8:1:2::1").statusCode()).isEqualTo(200);
    }
  }

  private static RunningServer withPlainToken(Vertx vertx, Clock clock) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, PLAIN);
    return RunningServer.start(vertx, settings, clock);
  }

  private static HttpResponse<Buffer> withGoodToken(AdminClient admin, String address) {
    return admin.send(HttpMethod.GET, "/counters", "Bearer " + PLAIN, address, null);
  }

  private static HttpResponse<Buffer> guess(AdminClient admin, String address, String token) {
    return admin.send(HttpMethod.GET, "/counters", "Bearer " + token + "-abcdefghijkl", address, null);
  }

  private static void assertRefused(HttpResponse<Buffer> response, long retryAfterSeconds) {
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).as("Retry-After").isEqualTo(Long.toString(retryAfterSeconds));
  }

  private static String throwableText(IThrowableProxy proxy) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
      text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
    }
    return text.toString();
  }
}
