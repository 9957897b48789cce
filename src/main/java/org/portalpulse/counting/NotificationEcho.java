package org.portalpulse.counting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Whether this instance hears PostgreSQL's notifications, told by its own: every flush notifies every
 * listener, this instance included, so a flush whose notification never comes back means the others'
 * do not arrive either (a pooler in transaction mode between us and PostgreSQL, or a LISTEN connection
 * lost). Then the flusher re-reads the totals every few seconds instead. Flusher's thread only.
 */
final class NotificationEcho {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationEcho.class);
  static final Duration DEAF_AFTER = Duration.ofSeconds(10);

  private long awaitedXid = -1;
  private long awaitedSinceNanos;
  private boolean deaf;

  /** A flush of ours committed in transaction {@code xid}: its notification should come back. */
  void expect(long xid, long nowNanos) {
    if (awaitedXid < 0) {
      awaitedXid = xid;
      awaitedSinceNanos = nowNanos;
    }
  }

  /** Our own notification came back: every one up to {@code xid} would have. */
  void heard(long xid) {
    if (awaitedXid < 0 || xid < awaitedXid) {
      return;
    }
    awaitedXid = -1;
    if (deaf) {
      deaf = false;
      LOG.info("Notifications from PostgreSQL arrive again: other instances' views show as they are flushed");
    }
  }

  /** Whether notifications have stopped coming back; logs once when they do. */
  boolean deaf(long nowNanos) {
    if (!deaf && awaitedXid >= 0 && nowNanos - awaitedSinceNanos > DEAF_AFTER.toNanos()) {
      deaf = true;
      LOG.warn("This instance's own flush notifications do not come back from PostgreSQL (a pooler in transaction mode, "
          + "or a LISTEN connection lost?): other instances' views now show by re-reading the totals every {} s",
          FlushVerticle.DEAF_REREAD.toSeconds());
    }
    return deaf;
  }
}
