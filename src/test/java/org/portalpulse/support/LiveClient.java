package org.portalpulse.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An open page's live socket, as the tests see it: every frame it received, in order. */
public final class LiveClient implements AutoCloseable {
  private final WebSocketClient client;
  private final WebSocket socket;
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private volatile Short closeStatus;
  private volatile long lastFrameNanos;

  private LiveClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      frames.add(new JsonObject(text));
      lastFrameNanos = System.nanoTime();
    });
    socket.closeHandler(v -> closeStatus = socket.closeStatusCode() == null ? -1 : socket.closeStatusCode());
  }

  /** Opens {@code path} as a page of the site itself would: same Origin, a browser's User-Agent, the visitor's address. */
  public static LiveClient open(Vertx vertx, int port, String path, String visitorAddress) {
    return connect(vertx, options(port, path, visitorAddress).putHeader("Origin", "http://127.0.0.1:" + port)).await();
  }

  /** The status the server refused the handshake with, or 101 when it accepted it. */
  public static int handshakeStatus(Vertx vertx, WebSocketConnectOptions options) {
    try {
      connect(vertx, options).await().close();
      return 101;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    }
  }

  /**
   * The status of a handshake written byte for byte, for request lines the Vert.x client will not
   * send (such as malformed percent-encoding).
   */
  public static int rawHandshakeStatus(Vertx vertx, int port, String pathAndQuery) {
    try (RawWebSocket socket = RawWebSocket.connect(vertx, port, pathAndQuery)) {
      return socket.status();
    }
  }

  public static WebSocketConnectOptions options(int port, String path, String visitorAddress) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI(path)
        .putHeader("User-Agent", Reader.BROWSER);
    if (visitorAddress != null) {
      options.putHeader("X-Forwarded-For", visitorAddress);
    }
    return options;
  }

  /** A handshake with no Origin at all, as a script outside any browser might send. */
  public static WebSocketConnectOptions withoutOrigin(WebSocketConnectOptions options) {
    // Vert.x adds an Origin of its own unless told not to; an explicit one it leaves as it is.
    return options.setAllowOriginHeader(false);
  }

  private static Future<LiveClient> connect(Vertx vertx, WebSocketConnectOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(65_536));
    return client.connect(options)
        .map(socket -> new LiveClient(client, socket))
        .onFailure(err -> client.close());
  }

  /** Waits for a frame that satisfies {@code wanted}, received at any time so far or within {@code timeout}. */
  public JsonObject awaitFrame(Predicate<JsonObject> wanted, Duration timeout, String description) {
    await("a frame " + description).atMost(timeout).pollInterval(Waits.FAST_POLL)
        .untilAsserted(() -> assertThat(frames).as("frames, none of them %s", description).anyMatch(wanted));
    return frames.stream().filter(wanted).findFirst().orElseThrow();
  }

  /** The first frame, once there is one. */
  public JsonObject latest(Duration timeout) {
    return awaitFrame(f -> true, timeout, "at all");
  }

  /**
   * Waits until the newest frame satisfies {@code wanted} and no other came for {@code quiet} (longer
   * than a push interval, so none is on its way); returns how many frames came until then.
   */
  public int awaitSettled(Predicate<JsonObject> wanted, Duration quiet, Duration timeout, String description) {
    AtomicInteger settled = new AtomicInteger();
    await("the frames settling, the newest " + description).atMost(timeout).pollInterval(Waits.FAST_POLL).untilAsserted(() -> {
      List<JsonObject> received = frames();
      assertThat(received).as("frames").isNotEmpty();
      JsonObject newest = received.get(received.size() - 1);
      assertThat(wanted.test(newest)).as("the newest frame, %s, %s", newest, description).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - lastFrameNanos)).as("time since the newest of %s", received)
          .isGreaterThanOrEqualTo(quiet);
      settled.set(received.size());
    });
    return settled.get();
  }

  public List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  public WebSocket socket() {
    return socket;
  }

  /** The close status the server sent; fails if the socket is still open after {@code timeout}. */
  public Short awaitClosed(Duration timeout) {
    return await("the server closing the socket").atMost(timeout).pollInterval(Waits.FAST_POLL)
        .until(() -> closeStatus, Objects::nonNull);
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close().await();
    }
    client.close().await();
  }
}
