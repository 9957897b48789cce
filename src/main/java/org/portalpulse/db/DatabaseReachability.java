package org.portalpulse.db;

import java.util.function.LongSupplier;

/**
 * Whether PostgreSQL answered lately, as seen by the statement every instance sends each second
 * (sharing who is online). Lets ops alert on an outage even when no views wait to be written.
 */
public final class DatabaseReachability {
  /** Five missed answers in a row: a blip is not an outage. */
  private static final long DOWN_AFTER_MILLIS = 5_000;

  private final LongSupplier clockMillis;
  private volatile long answeredAtMillis;
  private volatile String lastError;

  public DatabaseReachability(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    this.answeredAtMillis = clockMillis.getAsLong();
  }

  public void answered() {
    answeredAtMillis = clockMillis.getAsLong();
    lastError = null;
  }

  public void failed(String error) {
    lastError = error;
  }

  /** Why the last statement failed, or null when it was answered. */
  public String lastError() {
    return lastError;
  }

  public boolean isUp() {
    return clockMillis.getAsLong() - answeredAtMillis <= DOWN_AFTER_MILLIS;
  }
}
