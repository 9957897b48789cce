package org.portalpulse.counting;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** The site's calendar: which local day and hour a view belongs to, and when the week began. */
public final class SiteCalendar {
  private final Clock clock;
  private final ZoneId zone;
  private final DayOfWeek weekStart;
  private volatile HourSlot lastHour;

  public SiteCalendar(Clock clock, ZoneId zone, DayOfWeek weekStart) {
    this.clock = clock;
    this.zone = zone;
    this.weekStart = weekStart;
  }

  public ZonedDateTime now() {
    return ZonedDateTime.now(clock.withZone(zone));
  }

  /**
   * The local hour holding {@code epochMillis}. The last answer is kept: every view asks, and
   * almost every view falls in the same hour as the one before.
   */
  public HourSlot hourAt(long epochMillis) {
    HourSlot last = lastHour;
    if (last != null && last.contains(epochMillis)) {
      return last;
    }
    ZonedDateTime start = Instant.ofEpochMilli(epochMillis).atZone(zone).truncatedTo(ChronoUnit.HOURS);
    HourSlot slot = new HourSlot(start.toLocalDate(), start.getHour(),
        start.toInstant().toEpochMilli(), start.toInstant().toEpochMilli() + 3_600_000);
    lastHour = slot;
    return slot;
  }

  public ZoneId zone() {
    return zone;
  }

  public LocalDate today() {
    return now().toLocalDate();
  }

  public LocalDate weekStartOf(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(weekStart));
  }

  public long millis() {
    return clock.millis();
  }

}
