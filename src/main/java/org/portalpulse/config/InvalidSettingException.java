package org.portalpulse.config;

import java.net.BindException;
import java.net.UnknownHostException;

/** A setting that cannot be used; the message names the setting and what is wrong, in one line. */
public final class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(String setting, String problem) {
    super(setting + ": " + problem);
  }

  /**
   * Why a server could not listen where {@code portSetting} and {@code hostSetting} chose: the port's
   * setting when another server holds the port (a {@link BindException} among the causes), the
   * host's when the address is unknown; otherwise the failure itself. Each server names its own
   * settings, so a failure is blamed on the right one.
   */
  public static Throwable ifCannotListen(String portSetting, String hostSetting, Throwable failure) {
    Throwable bind = causeOf(failure, BindException.class);
    if (bind != null) {
      return new InvalidSettingException(portSetting, "cannot listen there (" + bind.getMessage() + "); is another server using it?");
    }
    InvalidSettingException unknown = unknownHost(hostSetting, failure);
    return unknown != null ? unknown : failure;
  }

  /** {@code failure} as the fault of {@code setting} when it names a host that does not resolve; else the failure itself. */
  public static RuntimeException ifUnknownHost(String setting, RuntimeException failure) {
    InvalidSettingException unknown = unknownHost(setting, failure);
    return unknown != null ? unknown : failure;
  }

  private static InvalidSettingException unknownHost(String setting, Throwable failure) {
    Throwable unknown = causeOf(failure, UnknownHostException.class);
    return unknown == null ? null : new InvalidSettingException(setting, "unknown host (" + unknown.getMessage() + ")");
  }

  private static Throwable causeOf(Throwable failure, Class<? extends Throwable> kind) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return t;
      }
    }
    return null;
  }
}
