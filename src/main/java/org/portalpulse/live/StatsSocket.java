package org.portalpulse.live;

import io.vertx.core.http.ServerWebSocket;

import java.util.OptionalLong;

/** One open page's socket and what it was last sent. Touched only by its event loop. */
final class StatsSocket {
  final ServerWebSocket socket;
  /** 0 for a page that is not an article. */
  final long articleId;
  /** The visitor's presence key; empty when it is not a reader (a bot, or no User-Agent): it is then not counted online. */
  final OptionalLong visitor;
  LiveFrame lastSent;
  /** The tick count when the socket joined: it got its first frame then, so the next tick skips it. */
  long joinedAtTick;
  boolean awaitingPong;

  StatsSocket(ServerWebSocket socket, long articleId, OptionalLong visitor) {
    this.socket = socket;
    this.articleId = articleId;
    this.visitor = visitor;
  }
}
