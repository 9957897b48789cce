package org.portalpulse.live;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /ws/stats[?article=slug]}: the live counters of one open page. The handshake is refused
 * unless the page is ours ({@code Origin}, 403), the article exists (404) and the address has room
 * (429). Whatever a client sends afterwards is read and ignored, within the rules of {@link StatsSocket}.
 * One endpoint per HTTP verticle, so per event loop.
 */
public final class LiveEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEndpoint.class);
  public static final String PATH = "/ws/stats";
  private static final String ARTICLE_PARAM = "article=";
  private static final long NOT_AN_ARTICLE = 0;

  private final LiveNumbers live;
  private final LiveSockets sockets;

  LiveEndpoint(LiveNumbers live, LiveSockets sockets) {
    this.live = live;
    this.sockets = sockets;
  }

  /** Serves the live sockets on {@code server}; call from the verticle's start, on its event loop. */
  void attachTo(HttpServer server) {
    server.webSocketHandshakeHandler(this::handshake).webSocketHandler(this::accepted);
    sockets.start(live.settings.pushInterval(), live.settings.pingInterval());
  }

  /** Closes every socket as "going away", so pages reconnect, to another instance if this one is leaving. */
  public void stop() {
    sockets.stop();
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (!PATH.equals(handshake.path())) {
      handshake.reject(404);
    } else if (!live.origins.allows(handshake.headers().get("Origin"), hostOf(handshake.authority()))) {
      handshake.reject(403);
    } else if (!isWellFormed(handshake.query())) {
      handshake.reject(400);
    } else if (article(handshake.query()).isEmpty()) {
      handshake.reject(404);
    } else {
      String address = address(handshake.remoteAddress(), handshake.headers());
      switch (live.quota.tryOpen(address)) {
        // The instance is full: readers' pages still load, their numbers stay as rendered.
        case INSTANCE_FULL -> handshake.reject(503);
        case ADDRESS_FULL -> handshake.reject(429);
        // The places are the socket's from now on; a handshake that fails to finish gives them back.
        case OPEN -> handshake.accept().onFailure(err -> live.quota.closed(address));
      }
    }
  }

  private void accepted(ServerWebSocket socket) {
    long articleId = article(socket.query()).orElse(NOT_AN_ARTICLE);
    String address = address(socket.remoteAddress(), socket.headers());
    OptionalLong visitor = live.visitors.presenceKeyOf(address, socket.headers());
    StatsSocket stats = new StatsSocket(socket, articleId, visitor);
    socket.setWriteQueueMaxSize(LiveSockets.WRITE_QUEUE_BYTES);
    // Frames from pages change nothing; every one, pongs included, is checked against the socket's rules.
    socket.frameHandler(frame -> stats.received(frame, System.nanoTime()));
    socket.exceptionHandler(err -> {
      if (err instanceof CorruptedWebSocketFrameException corrupted) {
        // Vert.x hands frame violations (such as a frame over the size limit) to us rather than
        // closing with their status: say why, 1009 for a frame too big, as RFC 6455 asks.
        stats.close((short) corrupted.closeStatus().code(), corrupted.closeStatus().reasonText(), System.nanoTime());
      } else {
        LOG.debug("Live socket failed: {}", err.getMessage());
      }
    });
    socket.closeHandler(v -> {
      sockets.remove(stats);
      live.quota.closed(address);
    });
    sockets.add(stats);
    // The page's script opened this socket: it is shown in a browser, which a view held back may wait for.
    live.views.shownInBrowser(address, socket.headers(), articleId);
  }

  /** No query, or {@code article=slug} and nothing else, percent-encoded correctly. */
  private static boolean isWellFormed(String query) {
    if (query == null || query.isEmpty()) {
      return true;
    }
    return query.startsWith(ARTICLE_PARAM) && query.indexOf('&') < 0 && slugOf(query).isPresent();
  }

  /** The article a socket watches: {@link #NOT_AN_ARTICLE} for none, else its id; empty when no article has that slug. */
  private OptionalLong article(String query) {
    if (query == null || query.isEmpty()) {
      return OptionalLong.of(NOT_AN_ARTICLE);
    }
    Optional<String> slug = slugOf(query);
    return slug.isPresent() ? live.articles.idOf(slug.get()) : OptionalLong.empty();
  }

  /** The page's script sends the slug through encodeURIComponent: decode it the same way. */
  private static Optional<String> slugOf(String query) {
    try {
      return Optional.of(URLDecoder.decode(query.substring(ARTICLE_PARAM.length()).replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** What the browser asked for in {@code Host}: Vert.x 5 parses it into the authority. */
  private static String hostOf(HostAndPort authority) {
    if (authority == null) {
      return null;
    }
    return authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
  }

  private String address(SocketAddress remote, MultiMap headers) {
    return live.clientAddress.of(remote, headers);
  }
}
