package org.portalpulse.counting;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** The site's calendar: which local day and hour a view belongs to, and when the week began. */
public final class SiteCalendar {
  private final Clock clock;
  private final ZoneId zone;
  private final DayOfWeek weekStart;

  public SiteCalendar(Clock clock, ZoneId zone, DayOfWeek weekStart) {
    this.clock = clock;
    this.zone = zone;
    this.weekStart = weekStart;
  }

  public ZonedDateTime now() {
    return ZonedDateTime.now(clock.withZone(zone));
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

  public Clock clock() {
    return clock;
  }

  public ZoneId zone() {
    return zone;
  }
}
