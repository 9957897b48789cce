package org.portalpulse.db;

import java.util.function.LongSupplier;

/**
 * Whether PostgreSQL answered lately, as seen by the statement every instance sends each second
 * (sharing who is online). Lets ops alert on an outage even when no views wait to be written.
 */
public final class DatabaseReachability {
  private static final long DOWN_AFTER_MILLIS = 5_000;

  private final LongSupplier clockMillis;
  private volatile long answeredAtMillis;

  public DatabaseReachability(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    this.answeredAtMillis = clockMillis.getAsLong();
  }

  public void answered() {
    answeredAtMillis = clockMillis.getAsLong();
  }

  public boolean isUp() {
    return clockMillis.getAsLong() - answeredAtMillis <= DOWN_AFTER_MILLIS;
  }
}
