package org.portalpulse.db;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.portalpulse.config.PostgresUrl;

/** The one non-blocking pool every verticle shares. */
public final class Database {
  private Database() {
  }

  public static Pool pool(Vertx vertx, PostgresUrl url) {
    PgConnectOptions connect = connectOptions(url)
        // A statement that hangs (a lock, a host gone mid-failover) fails and is retried, instead of
        // stalling every later flush and the final one at shutdown.
        .addProperty("statement_timeout", "15000");
    // Fail fast while PostgreSQL is down: the flusher retries on its own schedule.
    NetClientOptions network = new NetClientOptions()
        .setConnectTimeout(2_000)
        .setTcpKeepAlive(true)
        .setIdleTimeout(30)
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS);
    PoolOptions pool = new PoolOptions()
        .setName("pulse")
        .setMaxSize(4)
        .setShared(false)
        .setConnectionTimeout(3)
        .setIdleTimeout(60);
    return PgBuilder.pool().with(pool).with(network).connectingTo(connect).using(vertx).build();
  }

  /** Where and as whom to connect; also what the LISTEN connection uses. */
  public static PgConnectOptions connectOptions(PostgresUrl url) {
    return new PgConnectOptions()
        .setHost(url.host())
        .setPort(url.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setPassword(url.password())
        .setCachePreparedStatements(true)
        .setReconnectAttempts(0);
  }
}
