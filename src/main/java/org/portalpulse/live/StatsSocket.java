package org.portalpulse.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One open page's socket: what it was last sent, and the rules its peer must keep, so that no peer
 * can make the server hold memory for it. A page sends nothing but the answers to our pings and a
 * close; a peer that sends more, or stops reading, is closed. Touched only by its event loop.
 */
final class StatsSocket {
  /** Clients have nothing to say: a message over a ping's payload, whole or in fragments, is not one of our pages. */
  static final int MAX_MESSAGE_BYTES = 128;
  /** A page answers one ping per ping interval: ten frames a second, of any kind, is already far more. */
  static final int MAX_FRAMES_PER_SECOND = 10;
  static final short POLICY_VIOLATION = 1008;
  static final short MESSAGE_TOO_BIG = 1009;
  /** How long the outbound queue may stay full: a page that reads catches up within a moment. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(3);
  /** How long a close may take before the connection is dropped: Vert.x's closing timeout and a second. */
  private static final long CLOSE_NANOS = TimeUnit.SECONDS.toNanos(LiveNumbers.CLOSING_TIMEOUT_SECONDS + 1L);
  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long NEVER = Long.MIN_VALUE;

  final ServerWebSocket socket;
  /** The normalised path of the page that opened it; null for the site's numbers only. */
  final String page;
  /** The page's id once the page exists (a page reported by its script is made as its first view arrives), else 0. */
  long pageId;
  /** The visitor's presence key; empty when it is not a reader (a bot, or no User-Agent): it is then not counted online. */
  final OptionalLong visitor;
  LiveFrame lastSent;
  /** The tick count when the socket joined: it got its first frame then, so the next tick skips it. */
  long joinedAtTick;

  private boolean awaitingPong;
  private long pingPayload;
  private long windowStartNanos;
  private int framesInWindow;
  private int messageBytes;
  private boolean readingStopped;
  private long fullSinceNanos = NEVER;
  private long closingSinceNanos = NEVER;

  StatsSocket(ServerWebSocket socket, String page, long pageId, OptionalLong visitor) {
    this.socket = socket;
    this.page = page;
    this.pageId = pageId;
    this.visitor = visitor;
  }

  /** Every frame the peer sends, control frames included: Vert.x has already answered a ping by then. */
  void received(WebSocketFrame frame, long nowNanos) {
    if (framesInWindow == 0 || nowNanos - windowStartNanos >= SECOND_NANOS) {
      windowStartNanos = nowNanos;
      framesInWindow = 0;
    }
    if (++framesInWindow > MAX_FRAMES_PER_SECOND) {
      // Counted while closing too: a peer told to close may flood all the same.
      stopReading();
      close(POLICY_VIOLATION, "Too many frames", nowNanos);
    } else if (closing()) {
      return;
    } else if (frame.isClose()) {
      // Vert.x answers it and ends the connection, once its answer is written: see closeOverdue.
      closingSinceNanos = nowNanos;
    } else if (frame.type() == WebSocketFrameType.PONG) {
      Buffer payload = frame.binaryData();
      // Only the answer to our own ping: a pong the peer sends unasked proves nothing about its reading.
      if (awaitingPong && payload.length() == Long.BYTES && payload.getLong(0) == pingPayload) {
        awaitingPong = false;
      }
    } else if (frame.isText() || frame.isBinary() || frame.isContinuation()) {
      // Netty lets a continuation come only inside a fragmented message, so the fragments add up to one message.
      messageBytes = (frame.isContinuation() ? messageBytes : 0) + frame.binaryData().length();
      if (messageBytes > MAX_MESSAGE_BYTES) {
        close(MESSAGE_TOO_BIG, "Message too big", nowNanos);
      } else if (frame.isFinal()) {
        messageBytes = 0;
      }
    }
  }

  /**
   * Vert.x answers every ping it reads, whatever we do: stop reading, so a flood of pings cannot become
   * a pile of pongs for a peer that reads none of them. Then the peer's frames wait in the network, and
   * a close it may send is not seen: the closing timeout ends the connection.
   */
  private void stopReading() {
    if (!readingStopped) {
      readingStopped = true;
      WebSocketFrames.stopReadingNow(socket);
      // Not from within the frame's handler: Vert.x 5.0.7 gives back a frame of demand after a ping or
      // pong is handled (WebSocketImplBase.receiveFrame), which would undo the pause at once.
      Vertx.currentContext().runOnContext(v -> socket.pause());
    }
  }

  /**
   * Pings the peer, with a payload it cannot guess, so only a peer that read the ping can answer it;
   * false, and nothing sent, when the last ping is still unanswered.
   */
  boolean ping() {
    if (awaitingPong) {
      return false;
    }
    awaitingPong = true;
    pingPayload = ThreadLocalRandom.current().nextLong();
    socket.writePing(Buffer.buffer(Long.BYTES).appendLong(pingPayload));
    return true;
  }

  /**
   * Whether the peer must be dropped without a close frame, since none would reach it: a close asked for
   * has not ended the connection in time, or the peer has read nothing for seconds. Checked every push tick.
   */
  boolean unreachable(long nowNanos) {
    return closing() ? closeOverdue(nowNanos) : outboundStalled(nowNanos);
  }

  /**
   * Whether the outbound queue has stayed full for a while: the network's buffers are full and what is
   * written for the peer (its frames, our pings, the pongs Vert.x answers with) waits in memory.
   */
  private boolean outboundStalled(long nowNanos) {
    // Vert.x counts a socket whose peer sent a close as closed, and then refuses to say how full it is.
    if (socket.isClosed() || !socket.writeQueueFull()) {
      fullSinceNanos = NEVER;
      return false;
    }
    if (fullSinceNanos == NEVER) {
      fullSinceNanos = nowNanos;
    }
    return nowNanos - fullSinceNanos >= STALL_NANOS;
  }

  /** Whether the outbound queue was full at the last push tick: the peer is sent nothing more until it reads. */
  boolean outboundFull() {
    return fullSinceNanos != NEVER;
  }

  /** Sends the peer a close frame; the connection ends when it answers, or at Vert.x's closing timeout. */
  void close(short status, String reason, long nowNanos) {
    if (!closing()) {
      closingSinceNanos = nowNanos;
      socket.close(status, reason);
    }
  }

  boolean closing() {
    return closingSinceNanos != NEVER;
  }

  /**
   * Whether a close asked for has not ended the connection in time: Vert.x's closing timeout starts only
   * once the close frame is written, which a peer that does not read can put off for ever.
   */
  private boolean closeOverdue(long nowNanos) {
    return closing() && nowNanos - closingSinceNanos >= CLOSE_NANOS;
  }
}
