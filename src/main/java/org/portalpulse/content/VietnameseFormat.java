package org.portalpulse.content;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Numbers and dates as Vietnamese readers write them: 12.143.077 and 28/02/2020. */
public final class VietnameseFormat {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("HH:mm, dd/MM/yyyy");

  private VietnameseFormat() {
  }

  /** Hand-rolled rather than NumberFormat, which is not thread-safe and would be built per call. */
  public static String number(long value) {
    String digits = Long.toString(Math.abs(value));
    StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
    if (value < 0) {
      out.append('-');
    }
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    out.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      out.append('.').append(digits, i, i + 3);
    }
    return out.toString();
  }

  public static String date(ZonedDateTime time) {
    return DATE.format(time);
  }

  public static String dateTime(ZonedDateTime time) {
    return DATE_TIME.format(time);
  }
}
