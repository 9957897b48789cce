package org.portalpulse.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.portalpulse.config.InvalidSettingException;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.ops.OpsRoutes;

import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics} and {@code /health} on a port of their own ({@code PULSE_OPS_PORT}), for sites that
 * expose the readers' port to the internet and keep this one to their monitoring network. Nothing
 * else is served here; {@code /health} here gives the full text of what failed.
 */
public final class OpsServer extends VerticleBase {
  private final OpsRoutes ops;
  private final String host;
  private final int port;
  private HttpServer server;

  public OpsServer(OpsRoutes ops, String host, int port) {
    this.ops = ops;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    ops.mountOnOpsPort(router);
    server = Http1Server.create(vertx, new HttpServerOptions(), router, new ClientErrors());
    return server.listen(port, host)
        .recover(err -> Future.failedFuture(InvalidSettingException.ifCannotListen(PulseConfig.OPS_PORT, PulseConfig.HTTP_HOST, err)));
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(5, TimeUnit.SECONDS);
  }
}
