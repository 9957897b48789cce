package org.portalpulse.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.portalpulse.config.EmbedSettings;
import org.portalpulse.config.LiveSettings;
import org.portalpulse.counting.ArticleLookup;
import org.portalpulse.counting.ClientAddress;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.ViewCounter;
import org.portalpulse.counting.VisitorKeys;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.presence.Presence;

/**
 * The live numbers of open pages, {@code GET /ws/stats[?article=slug | ?page=path]}: what the endpoints of every
 * event loop share (the rules, the quota, the metrics), and how a server gets one.
 */
public final class LiveNumbers {
  /** A peer that does not answer our close within this is dropped: dead peers hold no socket for long. */
  static final int CLOSING_TIMEOUT_SECONDS = 2;

  final LiveSettings settings;
  final ArticleLookup articles;
  final PageDirectory pages;
  final ClientAddress clientAddress;
  final VisitorKeys visitors;
  final CounterReader counters;
  final ViewCounter views;
  final Presence presence;
  final SocketQuota quota;
  final OriginPolicy origins;
  final LiveMetrics metrics;

  public LiveNumbers(LiveSettings settings, EmbedSettings embed, ArticleLookup articles, PageDirectory pages,
                     ClientAddress clientAddress, VisitorKeys visitors, CounterReader counters, ViewCounter views,
                     Presence presence, MeterRegistry registry) {
    this.settings = settings;
    this.articles = articles;
    this.pages = pages;
    this.clientAddress = clientAddress;
    this.visitors = visitors;
    this.counters = counters;
    this.views = views;
    this.presence = presence;
    this.quota = new SocketQuota(settings.maxSocketsPerAddress(), settings.maxSockets());
    this.origins = new OriginPolicy(settings.allowedOrigins(), embed.origins());
    this.metrics = new LiveMetrics(registry);
  }

  /**
   * The frame limit, no compression (a deflate context per socket would cost more memory than the socket
   * itself), a short close. No message limit here: Vert.x 5.0.7 applies {@code setMaxWebSocketMessageSize}
   * only when a text or binary message handler reassembles messages, so {@link StatsSocket} counts the
   * fragments itself.
   */
  public static HttpServerOptions configure(HttpServerOptions options) {
    return options
        .setMaxWebSocketFrameSize(StatsSocket.MAX_MESSAGE_BYTES)
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setWebSocketClosingTimeout(CLOSING_TIMEOUT_SECONDS);
  }

  /**
   * Serves the live sockets on {@code server}, from the calling verticle's event loop, until the
   * endpoint returned is stopped.
   */
  public LiveEndpoint attachTo(Vertx vertx, HttpServer server) {
    LiveEndpoint endpoint = new LiveEndpoint(this, new LiveSockets(vertx, counters, pages, metrics, presence));
    endpoint.attachTo(server);
    return endpoint;
  }
}
