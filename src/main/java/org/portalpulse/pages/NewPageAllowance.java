package org.portalpulse.pages;

import java.util.function.LongSupplier;

/**
 * How many pages the site may still gain: so many an hour, and so many in all. A view of a path it
 * refuses still counts toward the site; only its own count is not kept.
 */
final class NewPageAllowance {
  private static final long HOUR_MILLIS = 3_600_000;

  private final int perHour;
  private final int max;
  private final LongSupplier millis;
  private long hour = -1;
  private int takenThisHour;

  NewPageAllowance(int perHour, int max, LongSupplier millis) {
    this.perHour = perHour;
    this.max = max;
    this.millis = millis;
  }

  /** Takes a place for one new page when the site, holding {@code pages} now, may gain it. */
  synchronized boolean tryTake(int pages) {
    long now = millis.getAsLong() / HOUR_MILLIS;
    if (now != hour) {
      hour = now;
      takenThisHour = 0;
    }
    if (takenThisHour >= perHour || pages >= max) {
      return false;
    }
    takenThisHour++;
    return true;
  }

  /** The page was not made after all. */
  synchronized void giveBack() {
    if (takenThisHour > 0) {
      takenThisHour--;
    }
  }
}
