package org.portalpulse.config;

import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Typed reads of the merged configuration (conf file, then environment). Every value may arrive as a
 * string, because environment variables are strings, so each reader parses and validates.
 */
final class Settings {
  private final JsonObject merged;

  Settings(JsonObject merged) {
    this.merged = merged;
  }

  /** The setting as text; absent or blank means unset, whatever its type. */
  String text(String name, String fallback) {
    Object value = merged.getValue(name);
    String text = value == null ? "" : value.toString().trim();
    return text.isEmpty() ? fallback : text;
  }

  int integer(String name, int fallback, int min, int max) {
    long value = longValue(name, fallback, min, max);
    return (int) value;
  }

  long longValue(String name, long fallback, long min, long max) {
    String raw = text(name, null);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(name, "'" + raw + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new InvalidSettingException(name, value + " is out of range, expected " + min + " to " + max);
    }
    return value;
  }

  boolean bool(String name, boolean fallback) {
    String raw = text(name, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
    return switch (raw) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new InvalidSettingException(name, "'" + raw + "' is not true or false");
    };
  }

  ZoneId zone(String name, String fallback) {
    String raw = text(name, fallback);
    try {
      return ZoneId.of(raw);
    } catch (DateTimeException e) {
      throw new InvalidSettingException(name, "'" + raw + "' is not a time zone, expected a name such as Asia/Ho_Chi_Minh");
    }
  }

  DayOfWeek dayOfWeek(String name, DayOfWeek fallback) {
    String raw = text(name, fallback.name());
    try {
      return DayOfWeek.valueOf(raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(name, "'" + raw + "' is not a day of the week, expected MONDAY to SUNDAY");
    }
  }

  List<String> list(String name) {
    String raw = text(name, "");
    return Arrays.stream(raw.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
