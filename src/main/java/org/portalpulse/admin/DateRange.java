package org.portalpulse.admin;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** A range of local days, both included, validated with messages that say what to fix. */
record DateRange(LocalDate from, LocalDate to) {

  /** {@code from}/{@code to} as given (or the defaults when absent), checked against {@code maxDays}. */
  static DateRange parse(Optional<String> from, Optional<String> to, LocalDate defaultFrom, LocalDate defaultTo, int maxDays) {
    LocalDate start = from.isEmpty() ? defaultFrom : day("from", from.get());
    LocalDate end = to.isEmpty() ? defaultTo : day("to", to.get());
    if (start.isAfter(end)) {
      throw new BadAdminRequest("from (" + start + ") is after to (" + end + "): swap them");
    }
    long days = ChronoUnit.DAYS.between(start, end) + 1;
    if (days > maxDays) {
      throw new BadAdminRequest("The range has " + days + " days; at most " + maxDays
          + " are allowed here: narrow it or use a coarser 'by'");
    }
    return new DateRange(start, end);
  }

  private static LocalDate day(String name, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadAdminRequest(name + " must be a date such as 2026-11-29, not '" + value + "'");
    }
  }

  /** A request that cannot be answered as asked: 400 with this message. */
  static final class BadAdminRequest extends RuntimeException {
    BadAdminRequest(String message) {
      super(message, null, false, false);
    }
  }
}
