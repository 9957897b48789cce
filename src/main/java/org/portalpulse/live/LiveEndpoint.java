package org.portalpulse.live;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.net.SocketAddress;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.pages.PagePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /ws/stats[?article=slug | ?page=path]}: the live counters of one open page. The handshake
 * is refused unless the page is ours or a listed portal's ({@code Origin}, 403), the query is well
 * formed (400), the article exists (404) and the address has room (429). Whatever a client sends afterwards is read and ignored, within the rules of {@link StatsSocket}.
 * One endpoint per HTTP verticle, so per event loop.
 */
public final class LiveEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEndpoint.class);
  public static final String PATH = "/ws/stats";
  private static final String ARTICLE_PARAM = "article=";
  private static final String PAGE_PARAM = "page=";

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
    } else if (!live.origins.allows(handshake.headers().get("Origin"), handshake.authority())) {
      handshake.reject(403);
    } else if (watched(handshake.query()).isEmpty()) {
      handshake.reject(refusal(handshake.query()));
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
    // The handshake checked the query; what it names cannot have gone since.
    WatchedPage page = watched(socket.query()).orElse(WatchedPage.SITE);
    String address = address(socket.remoteAddress(), socket.headers());
    OptionalLong visitor = live.visitors.presenceKeyOf(address, socket.headers());
    StatsSocket stats = new StatsSocket(socket, page.path(), page.id(), visitor);
    socket.setWriteQueueMaxSize(LiveSockets.WRITE_QUEUE_BYTES);
    WebSocketFrames.withoutIdleTimeout(socket);
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
    if (page.path() != null) {
      // The page's script opened this socket: it is shown in a browser, which a view held back may wait for.
      live.views.shownInBrowser(address, socket.headers(), page.path(), page.id());
    }
    // Nothing reads them after this; Vert.x would keep the handshake's headers (their names, values and
    // entries, about 1.5 KB) for as long as the socket is open. BENCHMARKS.md, "Sockets at the file limit".
    socket.headers().clear();
  }

  /** The page a socket shows: its normalised path (null for the site's numbers only) and its id, 0 until it has one. */
  private record WatchedPage(String path, long id) {
    static final WatchedPage SITE = new WatchedPage(null, PageDirectory.SITE_ONLY);
  }

  /**
   * What the query asks to watch: nothing (the site's numbers), {@code article=slug}, or
   * {@code page=path} (a page reported by {@code /pulse.js}, which may not exist yet: its first view
   * makes it). Empty when the query is malformed or names no article; see {@link #refusal}.
   */
  private Optional<WatchedPage> watched(String query) {
    if (query == null || query.isEmpty()) {
      return Optional.of(WatchedPage.SITE);
    }
    if (query.indexOf('&') >= 0) {
      return Optional.empty();
    }
    if (query.startsWith(ARTICLE_PARAM)) {
      return decoded(query.substring(ARTICLE_PARAM.length())).flatMap(slug -> live.articles.pathOf(slug)
          .map(path -> new WatchedPage(path, live.articles.idOf(slug).orElse(PageDirectory.SITE_ONLY))));
    }
    if (query.startsWith(PAGE_PARAM)) {
      return decoded(query.substring(PAGE_PARAM.length())).flatMap(LiveEndpoint::normalisedPath)
          .map(path -> new WatchedPage(path, live.pages.idOf(path).orElse(PageDirectory.SITE_ONLY)));
    }
    return Optional.empty();
  }

  /** Why a query that {@link #watched} refused is refused: 404 for an article that does not exist, else 400. */
  private static int refusal(String query) {
    return query.startsWith(ARTICLE_PARAM) && query.indexOf('&') < 0
        && decoded(query.substring(ARTICLE_PARAM.length())).isPresent() ? 404 : 400;
  }

  private static Optional<String> normalisedPath(String raw) {
    PagePath.Parsed parsed = PagePath.parse(raw);
    return parsed.isPage() ? Optional.of(parsed.page().value()) : Optional.empty();
  }

  /** The page's script sends the value through encodeURIComponent: decode it the same way. */
  private static Optional<String> decoded(String value) {
    try {
      return Optional.of(URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private String address(SocketAddress remote, MultiMap headers) {
    return live.clientAddress.of(remote, headers);
  }
}
