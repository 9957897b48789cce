package org.portalpulse.admin;

import org.portalpulse.counting.SiteCalendar;

import java.time.LocalDate;
import java.util.Locale;

/** How a series groups days, and the longest range it answers (a year by hour would be 8 760 points). */
enum Bucket {
  HOUR(31),
  DAY(366),
  WEEK(3_660),
  MONTH(3_660);

  final int maxDays;

  Bucket(int maxDays) {
    this.maxDays = maxDays;
  }

  static Bucket parse(String value) {
    for (Bucket bucket : values()) {
      if (bucket.label().equals(value)) {
        return bucket;
      }
    }
    throw new DateRange.BadAdminRequest("by must be hour, day, week or month, not '" + value + "'");
  }

  /** The first day of the bucket {@code day} falls in; hours are bucketed by the caller. */
  LocalDate startOf(LocalDate day, SiteCalendar calendar) {
    return switch (this) {
      case HOUR, DAY -> day;
      case WEEK -> calendar.weekStartOf(day);
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
