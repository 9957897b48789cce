package org.portalpulse.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.portalpulse.config.InvalidSettingException;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.live.LiveEndpoint;
import org.portalpulse.live.LiveNumbers;

import java.util.concurrent.TimeUnit;

/**
 * The server readers connect to, on {@code PULSE_HTTP_PORT}: the routes of every capability, and the
 * live sockets. {@code PULSE_HTTP_INSTANCES} instances, one per event loop, sharing the port.
 */
public final class ReaderServer extends VerticleBase {
  private static final int IDLE_TIMEOUT_SECONDS = 60;
  private static final int SHUTDOWN_GRACE_SECONDS = 5;

  private final Capabilities capabilities;
  private final String host;
  private final int port;
  private HttpServer server;
  private LiveEndpoint liveEndpoint;

  public ReaderServer(Capabilities capabilities, String host, int port) {
    this.capabilities = capabilities;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = LiveNumbers.configure(
        new HttpServerOptions().setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS));
    // Reports of views from /pulse.js, the most frequent request of all, skip the router.
    server = Http1Server.create(vertx, options, capabilities.embed().intake()::take,
        PulseRouter.forReaders(vertx, capabilities), capabilities.clientErrors());
    liveEndpoint = capabilities.live().attachTo(vertx, server);
    capabilities.ops().watchEventLoop(vertx);
    return server.listen(port, host)
        .recover(err -> Future.failedFuture(InvalidSettingException.ifCannotListen(PulseConfig.HTTP_PORT, PulseConfig.HTTP_HOST, err)));
  }

  @Override
  public Future<?> stop() {
    // Stop taking connections; requests already in progress finish (and are counted) first.
    liveEndpoint.stop();
    return server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
