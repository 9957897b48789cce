package org.portalpulse.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.junit5.VertxExtension;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.Heap;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RawWebSocket;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.support.Waits.holdsFor;

@ExtendWith(VertxExtension.class)
@DisplayName("A live socket holds bounded memory, whatever its peer sends")
class LiveSocketLimitsTest {
  private static final long MEGABYTE = 1024 * 1024;
  /** The closing handshake alone may take the server's closing timeout (2 s); a busy machine adds to it. */
  private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
  /** Pings every second, so a peer that does not answer them is found out within a test. */
  private static RunningServer pinging;
  private static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.WS_PING_INTERVAL, "1");
    pinging = RunningServer.start(vertx, settings, Clock.systemUTC());
    port = pinging.app().config().httpPort();
  }

  @AfterAll
  static void stop() {
    pinging.close();
  }

  @Test
  @DisplayName("a peer that floods pings and never reads is closed within seconds, and leaves no heap behind")
  void pingFlood(Vertx vertx) throws IOException {
    // A server in a JVM of its own: its heap is what is measured, not this test's, nor the flooder's.
    ServerProcess server = ServerProcess.start(PulseTestServer.defaults(TestPostgres.newDatabaseUrl()));
    try {
      // A first flood loads and initialises every class on its path: what stays from it is the JVM's,
      // not a socket's, and the second flood is measured against it.
      try (RawWebSocket warmUp = flood(vertx, server.port())) {
        within(FEW_SECONDS, () -> warmUp.floodBlockedFor(Duration.ofMillis(200)));
        within(FEW_SECONDS, warmUp::isClosed);
      }
      long baseline = Heap.liveBytes(server.process());

      try (RawWebSocket flooder = flood(vertx, server.port())) {
        // While it is connected: once the server stops reading it (within 5 s, or the flood is over)...
        within(FEW_SECONDS, () -> flooder.floodBlockedFor(Duration.ofMillis(200)));
        long heldWhileConnected = Heap.liveBytes(server.process()) - baseline;
        boolean connected = !flooder.isClosed();
        // ...and once the server has closed it.
        boolean closed = within(FEW_SECONDS, flooder::isClosed);
        long heldOnceClosed = Heap.liveBytes(server.process()) - baseline;

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(heldWhileConnected).as("heap held while the flooder %s (%d bytes of pings written), in bytes",
            connected ? "is connected" : "was being closed", flooder.bytesWritten()).isLessThan(MEGABYTE);
        soft.assertThat(closed).as("the flooder closed within %s", FEW_SECONDS).isTrue();
        soft.assertThat(heldOnceClosed).as("heap held once the flooder is closed, in bytes").isLessThan(MEGABYTE);
        soft.assertAll();
      }
    } finally {
      server.process().destroyForcibly();
    }
  }

  @Test
  @DisplayName("a peer that stops answering pings is closed; one that answers stays")
  void silentPeerClosed(Vertx vertx) {
    // A raw connection that completes the handshake and then answers nothing.
    try (RawWebSocket silent = RawWebSocket.open(vertx, port, "/ws/stats");
         LiveClient answering = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(171))) {
      await().atMost(Duration.ofSeconds(5)).pollInterval(Waits.FAST_POLL)
          .untilAsserted(() -> assertThat(silent.isClosed()).as("the silent peer is closed within 5 s").isTrue());
      holdsFor(Duration.ofMillis(1_500), "the peer that answers pings stays open",
          () -> assertThat(answering.socket().isClosed()).as("the peer that answers pings is closed").isFalse());
    }
  }

  @Test
  @DisplayName("pongs that answer no ping of ours do not keep a peer alive: it is closed within two ping intervals")
  void unsolicitedPongs(Vertx vertx) {
    try (RawWebSocket forger = RawWebSocket.open(vertx, port, "/ws/stats");
         LiveClient answering = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(201))) {
      // Reads everything, answers no ping, and sends a pong of its own four times a second.
      long timer = vertx.setPeriodic(250, id -> forger.write(RawWebSocket.PONG, Buffer.buffer("alive")));
      try {
        // Two ping intervals, and a second for a busy machine.
        assertThat(forger.awaitCloseFrame(Duration.ofSeconds(3))).as("the close status").isEqualTo((short) 1001);
        assertThat(answering.socket().isClosed()).as("the page that answers pings is closed").isFalse();
      } finally {
        vertx.cancelTimer(timer);
      }
    }
  }

  @Test
  @DisplayName("a message in 51 fragments of 100 bytes closes the socket with 1009; one within 128 bytes does not")
  void fragmentedMessage(Vertx vertx) {
    try (LiveClient page = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(211))) {
      String forty = "x".repeat(40);
      page.socket().writeFrame(WebSocketFrame.textFrame(forty, false));
      page.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(forty), false));
      page.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(forty), true));
      holdsFor(Duration.ofMillis(500), "a message of 120 bytes in three fragments is read",
          () -> assertThat(page.socket().isClosed()).as("closed").isFalse());

      String hundred = "y".repeat(100);
      page.socket().writeFrame(WebSocketFrame.textFrame(hundred, false));
      for (int i = 1; i <= 50; i++) {
        page.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(hundred), i == 50));
      }
      // The fragments past the first ten in a second stop the server reading: its close handshake then
      // ends at the closing timeout.
      assertThat(page.awaitClosed(FEW_SECONDS)).as("the close status").isEqualTo((short) 1009);
    }
  }

  @Test
  @DisplayName("a peer that sends more than 10 frames within a second is closed with 1008")
  void tooManyFrames(Vertx vertx) {
    try (LiveClient page = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(221))) {
      for (int i = 0; i < 20; i++) {
        page.socket().writePing(Buffer.buffer("ping " + i));
      }
      assertThat(page.awaitClosed(FEW_SECONDS)).as("the close status").isEqualTo((short) 1008);
    }
  }

  /** A client that completes the handshake, then stops reading and writes up to 50 MB of 125-byte pings as fast as it can. */
  private static RawWebSocket flood(Vertx vertx, int port) {
    RawWebSocket flooder = RawWebSocket.open(vertx, port, "/ws/stats");
    flooder.stopReading();
    flooder.flood(RawWebSocket.clientFrame(RawWebSocket.PING, true, Buffer.buffer(new byte[125])), 50 * MEGABYTE);
    return flooder;
  }

  /** Whether {@code condition} held within {@code timeout}; a flood keeps going meanwhile. */
  private static boolean within(Duration timeout, Callable<Boolean> condition) {
    try {
      await().atMost(timeout).pollInterval(Waits.FAST_POLL).until(condition);
      return true;
    } catch (ConditionTimeoutException notYet) {
      return false;
    }
  }
}
