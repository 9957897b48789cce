package org.portalpulse.config;

/** A setting that cannot be used; the message names the setting and what is wrong, in one line. */
public final class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(String setting, String problem) {
    super(setting + ": " + problem);
  }
}
