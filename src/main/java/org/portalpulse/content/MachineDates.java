package org.portalpulse.content;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Dates as machines read them: ISO 8601 to the second for sitemaps and JSON-LD, RFC 822 for RSS. */
final class MachineDates {
  private MachineDates() {
  }

  /** {@code 2026-12-04T07:30:00+07:00}: whole seconds always written, which not every reader of W3C dates can do without. */
  static String iso(ZonedDateTime time) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  /** {@code Fri, 4 Dec 2026 07:30:00 +0700}, with English names whatever the JVM's locale. */
  static String rfc822(ZonedDateTime time) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(time);
  }
}
