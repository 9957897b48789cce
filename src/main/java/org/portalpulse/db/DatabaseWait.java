package org.portalpulse.db;

import org.portalpulse.config.PostgresUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Start-up waits for an external PostgreSQL that is not reachable yet: a server and its database are
 * often started together (a compose file, a reboot), and the database is the slower. Only a failure
 * to reach the server is waited out; a wrong password or database name fails at once.
 */
public final class DatabaseWait {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseWait.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(8);

  private DatabaseWait() {
  }

  /**
   * Returns once PostgreSQL at {@code url} accepts a connection; tries again with growing pauses
   * for up to {@code patience}, one log line an attempt (never the password). Then throws the
   * last failure, saying how long it waited.
   */
  public static void untilReachable(PostgresUrl url, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try (Connection ignored = url.connect()) {
        if (attempt > 1) {
          LOG.info("PostgreSQL at {} answers (attempt {})", url, attempt);
        }
        return;
      } catch (SQLException e) {
        if (!isUnreachable(e)) {
          throw new IllegalStateException("PostgreSQL at " + url + " refused the connection: " + e.getMessage(), e);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("PostgreSQL at " + url + " could not be reached within " + patience.toSeconds()
              + " s (PULSE_PG_WAIT): " + reason(e), e);
        }
        Duration next = Duration.ofNanos(Math.min(pause.toNanos(), left));
        LOG.warn("PostgreSQL at {} is not reachable yet (attempt {}: {}); trying again in {} ms", url, attempt, reason(e),
            next.toMillis());
        sleep(next);
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  /** Connection-level failures (SQLSTATE class 08, or the network beneath), not a refusal by a server that answered. */
  private static boolean isUnreachable(SQLException e) {
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(SQLException e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for PostgreSQL", e);
    }
  }
}
