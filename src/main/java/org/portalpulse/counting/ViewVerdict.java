package org.portalpulse.counting;

/** Whether a page view counted, and if not, why: a small fixed set of reasons (bounded, should they label a metric). */
public enum ViewVerdict {
  COUNTED,
  DUPLICATE,
  BOT,
  NO_USER_AGENT,
  PREFETCH,
  NOT_GET,
  COUNTING_OFF,
  /** Answered with something other than 200: an unknown page, a bad page number. */
  NOT_SERVED,
  /**
   * A new visitor from an address past its budget of new visitors: held, and counted only if the page
   * then proves it is shown in a browser (see {@code AddressBudget}).
   */
  ADDRESS_BUDGET;

  /** The label value in metrics: lower case, bounded. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
