package org.portalpulse.counting;

import io.vertx.core.MultiMap;

import java.util.OptionalLong;

/** Who is behind a live socket, as "Đang online" knows them: the same key a page view of theirs gets. */
public final class VisitorKeys {
  private final BotDetector bots;
  private final VisitorHasher hasher;

  public VisitorKeys(BotDetector bots, VisitorHasher hasher) {
    this.bots = bots;
    this.hasher = hasher;
  }

  /**
   * The visitor's presence key, or empty when it is not a reader (no User-Agent, or a bot): those
   * may watch the numbers but are not counted online.
   */
  public OptionalLong presenceKeyOf(String clientAddress, MultiMap headers) {
    String userAgent = headers.get("User-Agent");
    if (userAgent == null || userAgent.isBlank() || bots.isBot(userAgent)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(hasher.presenceOf(clientAddress, userAgent).high());
  }
}
