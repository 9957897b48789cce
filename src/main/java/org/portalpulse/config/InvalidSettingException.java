package org.portalpulse.config;

import java.net.BindException;

/** A setting that cannot be used; the message names the setting and what is wrong, in one line. */
public final class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(String setting, String problem) {
    super(setting + ": " + problem);
  }

  /**
   * Why a server could not listen on the port {@code setting} chose: that setting, when another
   * server holds the port (a {@link BindException} among the causes); otherwise the failure itself.
   * Each server names its own setting, so a port in use is blamed on the right one.
   */
  public static Throwable ifPortTaken(String setting, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return new InvalidSettingException(setting, "cannot listen there (" + t.getMessage() + "); is another server using it?");
      }
    }
    return failure;
  }
}
