package org.portalpulse.live;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.RawWebSocket;
import org.portalpulse.support.Waits;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal Vert.x APIs of {@link WebSocketFrames}, against the Vert.x on the class path. */
@ExtendWith(VertxExtension.class)
@DisplayName("The adapter to Vert.x's internals works with this Vert.x")
class WebSocketFramesTest {

  @Test
  @DisplayName("a socket dropped while its close waits for a peer that never answers ends at once")
  void dropWhileClosing(Vertx vertx) {
    Promise<Void> closed = Promise.promise();
    // Left to itself, Vert.x would wait a minute for the peer's answer.
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setWebSocketClosingTimeout(60)).webSocketHandler(ws -> {
      ws.closeHandler(closed::tryComplete);
      ws.close(StatsSocket.POLICY_VIOLATION, "Dropped");
      WebSocketFrames.drop(ws);
    });
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    try (RawWebSocket peer = RawWebSocket.open(vertx, port, "/")) {
      closed.future().timeout(1, TimeUnit.SECONDS).await();
      Waits.awaitTrue(peer::isClosed, "the peer's connection closed");
    } finally {
      server.close().await();
    }
  }

  @Test
  @DisplayName("a socket taken off the idle timeout stays open past it, while one left on it is closed")
  void withoutIdleTimeout(Vertx vertx) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(1)).webSocketHandler(ws -> {
      if (ws.path().equals("/quiet")) {
        WebSocketFrames.withoutIdleTimeout(ws);
      }
    });
    int port = server.listen(0, "127.0.0.1").await().actualPort();
    try (RawWebSocket kept = RawWebSocket.open(vertx, port, "/quiet");
         RawWebSocket timed = RawWebSocket.open(vertx, port, "/timed")) {
      Waits.awaitTrue(timed::isClosed, "the socket left on the 1 s idle timeout closed");
      Waits.holdsFor(Duration.ofMillis(1_500), "the socket taken off it stays open",
          () -> assertThat(kept.isClosed()).isFalse());
    } finally {
      server.close().await();
    }
  }
}
