package org.portalpulse.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.support.Waits.holdsFor;

@ExtendWith(VertxExtension.class)
@DisplayName("Open pages get their numbers pushed over /ws/stats")
class LiveCountersTest {
  private static final Duration SOON = Duration.ofSeconds(2);
  /** Longer than the push interval (1 s by default): no frame due is still to come. */
  private static final Duration QUIET = Duration.ofMillis(1_500);
  /** How soon a closed socket's place is given back to the next handshake. */
  private static final Duration PLACE_FREED = Duration.ofMillis(200);
  private static RunningServer server;
  private static String slug;
  private static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.WS_MAX_PER_ADDRESS, "3");
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    port = server.app().config().httpPort();
    slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("the first frame comes at once, and a view elsewhere moves views and today within 2 s")
  void firstFrameThenPushOnView(Vertx vertx) {
    try (LiveClient page = LiveClient.open(vertx, port, "/ws/stats?article=" + slug, Reader.visitor(101))) {
      JsonObject first = page.latest(Duration.ofMillis(500));
      assertThat(first.fieldNames()).contains("online", "today", "week", "total", "views");
      long views = first.getLong("views");
      long today = first.getLong("today");
      assertThat(views).isEqualTo(server.reader().pageViews(slug));

      server.reader().get("/articles/" + slug, Reader.visitor(102)).await();

      JsonObject moved = page.awaitFrame(f -> f.getLong("views") == views + 1, SOON, "showing the new view");
      assertThat(moved.getLong("today")).isEqualTo(today + 1);
    }
  }

  @Test
  @DisplayName("a page that is not an article gets the four site numbers and no views")
  void siteOnlySocket(Vertx vertx) {
    try (LiveClient page = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(111))) {
      assertThat(page.latest(Duration.ofMillis(500)).fieldNames()).containsExactlyInAnyOrder("online", "today", "week", "total");
    }
  }

  @Test
  @DisplayName("frames come only when a number changed, at most one per push interval")
  void framesOnlyOnChange(Vertx vertx) throws InterruptedException {
    // A quiet server of its own: on the shared one, other tests' visitors come and go.
    try (RunningServer quiet = RunningServer.start(vertx, PulseTestServer.defaults(TestPostgres.newDatabaseUrl()), Clock.systemUTC());
         LiveClient page = LiveClient.open(vertx, quiet.app().config().httpPort(), "/ws/stats?article=" + slug, Reader.visitor(121))) {
      // Online settles: this socket's visitor is shared and counted, and no frame is on its way.
      int settled = page.awaitSettled(f -> f.getLong("online") == 1, QUIET, Duration.ofSeconds(10), "showing online 1");
      holdsFor(Duration.ofSeconds(3), "frames while nothing changed", () -> assertThat(page.frames()).hasSize(settled));

      for (int i = 0; i < 30; i++) { // 30 views within about a second: one or two frames, not 30
        quiet.reader().get("/articles/" + slug, Reader.visitor(1_000 + i)).await();
        Thread.sleep(30); // what is tested, not a wait: the views spread over more than one push interval
      }
      page.awaitFrame(f -> f.getLong("today") == 30, SOON, "showing all 30 views");
      assertThat(page.frames().size() - settled).isBetween(1, 3);
    }
  }

  @Test
  @DisplayName("a page from another site, or with no Origin at all, is refused with 403")
  void foreignOrMissingOrigin(Vertx vertx) {
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats", Reader.visitor(131))
        .putHeader("Origin", "http://evil.example"))).isEqualTo(403);
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.withoutOrigin(LiveClient.options(port, "/ws/stats", Reader.visitor(131)))))
        .isEqualTo(403);
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats", Reader.visitor(131))
        .putHeader("Origin", "http://127.0.0.1:" + port))).isEqualTo(101);
  }

  @Test
  @DisplayName("an unknown article is 404, a query that is not ?article=slug is 400, another path is 404")
  void badRequests(Vertx vertx) {
    String origin = "http://127.0.0.1:" + port;
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats?article=no-such-article", null)
        .putHeader("Origin", origin))).isEqualTo(404);
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats?page=2", null)
        .putHeader("Origin", origin))).isEqualTo(400);
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/other", null)
        .putHeader("Origin", origin))).isEqualTo(404);
    assertThat(LiveClient.rawHandshakeStatus(vertx, port, "/ws/stats?article=%zz")).as("malformed percent-encoding").isEqualTo(400);
    assertThat(LiveClient.rawHandshakeStatus(vertx, port, "/ws/stats?article=" + slug)).as("the raw client itself").isEqualTo(101);
    // The page's script percent-encodes the slug: an encoded spelling is the same article.
    String encoded = slug.chars().mapToObj(c -> String.format("%%%02X", c)).reduce("", String::concat);
    assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats?article=" + encoded, null)
        .putHeader("Origin", origin))).isEqualTo(101);
  }

  @Test
  @DisplayName("one address may hold PULSE_WS_MAX_PER_ADDRESS sockets; the next is refused with 429")
  void perAddressCap(Vertx vertx) {
    String address = Reader.visitor(141);
    try (LiveClient a = LiveClient.open(vertx, port, "/ws/stats", address);
         LiveClient b = LiveClient.open(vertx, port, "/ws/stats", address);
         LiveClient c = LiveClient.open(vertx, port, "/ws/stats", address)) {
      assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats", address)
          .putHeader("Origin", "http://127.0.0.1:" + port))).isEqualTo(429);
      assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(port, "/ws/stats", Reader.visitor(142))
          .putHeader("Origin", "http://127.0.0.1:" + port))).isEqualTo(101);
    }
    // Closed sockets give their places back.
    try (LiveClient again = openOnceFree(vertx, port, address)) {
      assertThat(again.latest(SOON)).isNotNull();
    }
  }

  @Test
  @DisplayName("past PULSE_WS_MAX_SOCKETS in all, handshakes get 503 while pages are still served")
  void totalCap(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.WS_MAX_SOCKETS, "2");
    try (RunningServer full = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      int fullPort = full.app().config().httpPort();
      try (LiveClient a = LiveClient.open(vertx, fullPort, "/ws/stats", Reader.visitor(181));
           LiveClient b = LiveClient.open(vertx, fullPort, "/ws/stats", Reader.visitor(182))) {
        assertThat(LiveClient.handshakeStatus(vertx, LiveClient.options(fullPort, "/ws/stats", Reader.visitor(183))
            .putHeader("Origin", "http://127.0.0.1:" + fullPort))).isEqualTo(503);
        assertThat(full.reader().get("/articles/" + slug, Reader.visitor(183)).await().statusCode()).isEqualTo(200);
      }
      try (LiveClient again = openOnceFree(vertx, fullPort, Reader.visitor(183))) {
        assertThat(again.latest(SOON)).as("a closed socket's place is free again").isNotNull();
      }
    }
  }

  @Test
  @DisplayName("frames from a page change no count, and the socket keeps working")
  void clientFramesIgnored(Vertx vertx) {
    try (LiveClient page = LiveClient.open(vertx, port, "/ws/stats?article=" + slug, Reader.visitor(151))) {
      page.latest(SOON);
      JsonObject before = server.reader().siteStats();
      long viewsBefore = server.reader().pageViews(slug);

      page.socket().writeTextMessage("{\"views\":999999,\"total\":0}").await();
      page.socket().writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3})).await();

      holdsFor(Duration.ofMillis(1_500), "no count moved by the page's frames", () -> {
        assertThat(server.reader().pageViews(slug)).as("Lượt xem").isEqualTo(viewsBefore);
        assertThat(server.reader().siteStats().getLong("total")).as("Tất cả").isEqualTo(before.getLong("total"));
      });
      server.reader().get("/articles/" + slug, Reader.visitor(152)).await();
      page.awaitFrame(f -> f.getLong("views") == viewsBefore + 1, SOON, "after the page's own frames");
    }
  }

  @Test
  @DisplayName("a client frame over the limit closes the socket with 1009")
  void oversizedFrame(Vertx vertx) {
    try (LiveClient page = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(161))) {
      page.latest(SOON);
      page.socket().writeTextMessage("x".repeat(4_096));
      assertThat(page.awaitClosed(SOON)).isEqualTo((short) 1009);
    }
  }

  /** Opens a socket as soon as closed ones have given their places back, within the 200 ms that takes. */
  private static LiveClient openOnceFree(Vertx vertx, int port, String visitorAddress) {
    return await("a closed socket's place free again").atMost(PLACE_FREED).pollDelay(Duration.ZERO).pollInterval(Waits.FAST_POLL)
        .ignoreExceptionsInstanceOf(UpgradeRejectedException.class)
        .until(() -> LiveClient.open(vertx, port, "/ws/stats", visitorAddress), Objects::nonNull);
  }
}
