package org.portalpulse;

import org.portalpulse.config.InvalidSettingException;

/** Why the server could not start, said in one line an operator can act on. */
public final class StartupException extends Exception {

  StartupException(Throwable cause) {
    super(explain(cause), cause);
  }

  /** True when the operator's settings are at fault, rather than the machine or the database. */
  public boolean isSettingProblem() {
    return settingProblem(getCause()) != null;
  }

  private static String explain(Throwable cause) {
    InvalidSettingException setting = settingProblem(cause);
    return setting != null ? "Invalid setting " + setting.getMessage() : "Portal Pulse could not start: " + cause.getMessage();
  }

  private static InvalidSettingException settingProblem(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException invalid) {
        return invalid;
      }
    }
    return null;
  }
}
