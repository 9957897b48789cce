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

import java.util.concurrent.TimeUnit;

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
}
