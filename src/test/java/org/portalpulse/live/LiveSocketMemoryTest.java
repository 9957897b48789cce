package org.portalpulse.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.Heap;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.TestPostgres;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("A live socket costs the server about 10 KB of heap, and still gets every change")
class LiveSocketMemoryTest {
  private static final int SOCKETS = 1_000;
  /**
   * 10.6 KB measured here (BENCHMARKS.md, "Sockets at the file limit"); with the handshake's headers kept
   * for the socket's lifetime, or the idle timer on every socket, it was 11.1 to 12.2 KB.
   */
  private static final long MAX_BYTES_PER_SOCKET = 11 * 1024;

  @Test
  @DisplayName("1 000 sockets cost at most 11 KB of heap each, and every one of them gets the frame after a view")
  void heapPerSocket(Vertx vertx) throws IOException {
    // A server in a JVM of its own: its heap is what is measured, not this test's.
    ServerProcess server = ServerProcess.start(PulseTestServer.defaults(TestPostgres.newDatabaseUrl()));
    WebSocketClient client = vertx.createWebSocketClient(
        new WebSocketClientOptions().setMaxFrameSize(65_536).setMaxConnections(SOCKETS));
    try {
      // A first round loads and initialises every class and pool on the sockets' path: what stays from
      // it is the JVM's, not a socket's, and the second round is measured against it.
      closeAll(open(vertx, client, server.port(), new AtomicIntegerArray(SOCKETS)));
      long baseline = Heap.liveBytes(server.process());

      AtomicIntegerArray frames = new AtomicIntegerArray(SOCKETS);
      List<WebSocket> sockets = open(vertx, client, server.port(), frames);
      await("every socket's first frame").atMost(Duration.ofSeconds(30))
          .until(() -> received(frames, 1) == SOCKETS);
      long perSocket = (Heap.liveBytes(server.process()) - baseline) / SOCKETS;

      try (Reader reader = new Reader(vertx, server.port())) {
        String article = reader.get("/", Reader.visitor(1)).await().bodyAsString()
            .replaceFirst("(?s).*?href=\"(/articles/[^\"]+)\".*", "$1");
        reader.get(article, Reader.visitor(2)).await();
      }
      await("every socket's frame showing the view").atMost(Duration.ofSeconds(30))
          .until(() -> received(frames, 2) == SOCKETS);
      closeAll(sockets);

      assertThat(perSocket).as("heap bytes per open socket").isLessThanOrEqualTo(MAX_BYTES_PER_SOCKET);
    } finally {
      client.close().await();
      server.process().destroy();
    }
  }

  /** Opens the sockets as distinct readers' pages, each counting the frames it receives. */
  private static List<WebSocket> open(Vertx vertx, WebSocketClient client, int port, AtomicIntegerArray frames) {
    List<Future<WebSocket>> opening = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      int socket = i;
      opening.add(client.connect(LiveClient.options(port, LiveEndpoint.PATH, Reader.visitor(1_000 + i))
              .putHeader("Origin", "http://127.0.0.1:" + port))
          .onSuccess(ws -> ws.textMessageHandler(text -> {
            new JsonObject(text); // a frame the page can read
            frames.incrementAndGet(socket);
          })));
    }
    return Future.all(opening).await().list();
  }

  private static int received(AtomicIntegerArray frames, int atLeast) {
    int sockets = 0;
    for (int i = 0; i < frames.length(); i++) {
      sockets += frames.get(i) >= atLeast ? 1 : 0;
    }
    return sockets;
  }

  private static void closeAll(List<WebSocket> sockets) {
    Future.all(sockets.stream().map(WebSocket::close).toList()).await();
  }
}
