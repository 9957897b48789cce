package org.portalpulse.live;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * The one place Portal Pulse uses internal Vert.x APIs, checked against Vert.x 5.0.7: on an upgrade,
 * check that {@code WebSocketFrameImpl(WebSocketFrameType, ByteBuf, boolean)} still exists and still
 * sends the bytes it is given as they are, that the {@code ServerWebSocket} handed to a server's
 * websocket handler is still a {@code WebSocketInternal}, and that the server's idle timeout is still a
 * Netty {@code IdleStateHandler} in the connection's pipeline.
 */
final class WebSocketFrames {
  private WebSocketFrames() {
  }

  /**
   * A final text frame over {@code utf8}, which the caller keeps (see {@link LiveFrame#toSharedBytes}).
   * Vert.x's public text-frame API takes a String and encodes it per socket; a push tick sends the same
   * frame to thousands of sockets, so its bytes are encoded once and shared.
   */
  static WebSocketFrame text(ByteBuf utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true);
  }

  /**
   * Ends the connection at once, with no close frame. Vert.x has no public way: every close writes a
   * close frame first and starts its closing timeout only once that frame is written, which a peer
   * that reads nothing puts off for ever, while what Vert.x writes for it meanwhile waits in memory.
   * Closed from Vert.x's own handler towards the network: {@code channel().close()} would pass through
   * that handler, which turns a close into the closing handshake again ({@code VertxHandler.close}).
   */
  static void drop(ServerWebSocket socket) {
    ((WebSocketInternal) socket).channelHandlerContext().close();
  }

  /**
   * Stops reading the peer within the read in progress. Netty reads up to 16 buffers of 64 KB in one
   * turn of the event loop and hands every frame in them over; a pause asked of Vert.x takes effect only
   * after that turn (see {@code StatsSocket.stopReading}), by which time a flood of pings has left up to a
   * megabyte of frames, and of the pongs Vert.x answers them with, waiting for a peer that reads nothing.
   */
  static void stopReadingNow(ServerWebSocket socket) {
    ((WebSocketInternal) socket).channelHandlerContext().channel().config().setAutoRead(false);
  }

  /**
   * Takes the server's idle timeout off a live socket: a socket is pinged every ping interval and closed
   * when it leaves a ping unanswered (see {@link StatsSocket#ping}), which already ends a quiet peer, so
   * the idle timer would only cost every socket a handler, its context and a scheduled task (about 280
   * bytes; BENCHMARKS.md, "Sockets at the file limit"). Page connections keep theirs.
   */
  static void withoutIdleTimeout(ServerWebSocket socket) {
    ChannelPipeline pipeline = ((WebSocketInternal) socket).channelHandlerContext().pipeline();
    if (pipeline.get(IdleStateHandler.class) != null) {
      pipeline.remove(IdleStateHandler.class);
    }
  }
}
