package org.portalpulse.config;

import java.util.Locale;

/**
 * Where a view of Portal Pulse's own pages is counted ({@code PULSE_COUNT_ON}): when the page is served,
 * or by {@code /pulse.js} once the page is shown, so that a cache in front may hold the page. Each view
 * is counted in one place only, never both.
 */
public enum CountOn {
  REQUEST,
  SCRIPT;

  static CountOn parse(String setting, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException(setting, "'" + value + "' is neither request nor script");
    }
  }
}
