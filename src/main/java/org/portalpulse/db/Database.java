package org.portalpulse.db;

import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.portalpulse.config.PostgresUrl;

/**
 * The non-blocking pools: one for the flusher and the rest of the running server, and one of their own
 * for admin queries and the history rollup, so that flushing never waits for a connection behind them.
 */
public final class Database {
  /** The flusher (one statement at a time), presence sharing, the totals' re-reads, article changes, titles, housekeeping. */
  private static final int SERVER_CONNECTIONS = 4;
  /**
   * Admin queries are short once history is rolled up; two connections let a series read its views and
   * its visitors at once, or the daily rollup run beside an admin. More would only let admins take more
   * of PostgreSQL from the flushes of every instance sharing it.
   */
  private static final int ADMIN_CONNECTIONS = 2;

  private Database() {
  }

  public static Pool pool(Vertx vertx, PostgresUrl url) {
    return build(vertx, url, new PoolOptions()
        .setName("pulse")
        .setMaxSize(SERVER_CONNECTIONS)
        .setConnectionTimeout(3));
  }

  /**
   * Admin requests wait for a connection longer than the server's own statements do (a slow query ahead
   * of them ends within the statement timeout), and only so many wait: the rest are told the database is
   * busy ({@link #busy}) instead of piling up.
   */
  public static Pool adminPool(Vertx vertx, PostgresUrl url) {
    return build(vertx, url, new PoolOptions()
        .setName("pulse-admin")
        .setMaxSize(ADMIN_CONNECTIONS)
        .setMaxWaitQueueSize(32)
        .setConnectionTimeout(20));
  }

  private static Pool build(Vertx vertx, PostgresUrl url, PoolOptions pool) {
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
    pool.setShared(false).setIdleTimeout(60);
    return PgBuilder.pool().with(pool).with(network).connectingTo(connect).using(vertx).build();
  }

  /**
   * Whether a statement failed for want of time rather than for what it asked: the pool's queue was
   * full, no connection came free in time, or the statement ran past the statement timeout (57014).
   * Trying again later may succeed.
   */
  public static boolean busy(Throwable failure) {
    if (failure == null) {
      return false;
    }
    return failure instanceof ConnectionPoolTooBusyException
        // The pool's own timeout is a shared instance of no class of its own: its message is all there is.
        || "Timeout waiting for connection".equals(failure.getMessage())
        || failure instanceof PgException pg && "57014".equals(pg.getSqlState());
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
