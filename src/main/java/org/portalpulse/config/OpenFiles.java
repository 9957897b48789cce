package org.portalpulse.config;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/** The default cap on live sockets: the process's open-file limit, less room for everything else. */
final class OpenFiles {
  /** Pages' connections, PostgreSQL, the jar and logs: files the server needs besides live sockets. */
  private static final int RESERVED = 1_000;
  private static final int WHEN_UNKNOWN = 10_000;

  private OpenFiles() {
  }

  static int socketBudget() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      long limit = unix.getMaxFileDescriptorCount();
      return (int) Math.max(100, Math.min(Integer.MAX_VALUE, limit - RESERVED));
    }
    return WHEN_UNKNOWN;
  }
}
