package org.portalpulse.counting;

/** Whether a page view counted, and if not, why. The reasons are a small fixed set, fit for a metric label. */
public enum ViewVerdict {
  COUNTED,
  DUPLICATE,
  BOT,
  NO_USER_AGENT,
  PREFETCH,
  NOT_GET,
  COUNTING_OFF;

  public boolean counted() {
    return this == COUNTED;
  }
}
