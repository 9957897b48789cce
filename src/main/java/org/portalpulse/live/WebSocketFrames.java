package org.portalpulse.live;

import io.netty.buffer.ByteBuf;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * The one place Portal Pulse uses an internal Vert.x API, checked against Vert.x 5.0.7: on an
 * upgrade, check that {@code WebSocketFrameImpl(WebSocketFrameType, ByteBuf, boolean)} still exists
 * and still sends the bytes it is given as they are.
 *
 * <p>Why: Vert.x's public text-frame API takes a String and encodes it per socket; a push tick sends
 * the same frame to thousands of sockets, so its bytes are encoded once and shared.
 */
final class WebSocketFrames {
  private WebSocketFrames() {
  }

  /** A final text frame over {@code utf8}, which the caller keeps (see {@link LiveFrame#toSharedBytes}). */
  static WebSocketFrame text(ByteBuf utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true);
  }
}
