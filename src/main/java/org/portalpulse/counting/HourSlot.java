package org.portalpulse.counting;

import java.time.LocalDate;

/** One local hour of the site's calendar, with the instants it spans: [startMillis, endMillis). */
public record HourSlot(LocalDate day, int hour, long startMillis, long endMillis) {

  boolean contains(long millis) {
    return millis >= startMillis && millis < endMillis;
  }
}
