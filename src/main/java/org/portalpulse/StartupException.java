package org.portalpulse;

import org.portalpulse.config.InvalidSettingException;
import org.portalpulse.config.PulseConfig;

import java.net.UnknownHostException;

/** Why the server could not start, said in one line an operator can act on. */
public final class StartupException extends Exception {

  StartupException(Throwable cause) {
    super(explain(cause), cause);
  }

  /** True when the operator's settings are at fault, rather than the machine or the database. */
  public boolean isSettingProblem() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static String explain(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException) {
        return "Invalid setting " + t.getMessage();
      }
      if (t instanceof UnknownHostException) {
        return "Invalid setting " + PulseConfig.HTTP_HOST + ": unknown address (" + t.getMessage() + ")";
      }
    }
    return "Portal Pulse could not start: " + cause.getMessage();
  }
}
