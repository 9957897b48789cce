package org.portalpulse.assets;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Validators and 304s. Every tag is weak ({@code W/"..."}): one tag covers an answer in all its
 * encodings (the server compresses after the tag is set), and a weak tag promises the same content,
 * not the same bytes on the wire.
 */
public final class Freshness {
  private Freshness() {
  }

  /**
   * A tag of {@code body}'s content: its length and {@link Buffer#hashCode()}, which is computed over its
   * bytes in place (no copy, no digest: this runs for every page). It only has to tell a page apart from
   * the earlier version of the same page that the client holds.
   */
  public static String etagOf(Buffer body) {
    return "W/\"" + Integer.toHexString(body.length()) + "-" + Integer.toHexString(body.hashCode()) + "\"";
  }

  /**
   * Tags the answer with {@code etag}; when the client's copy has that tag already (and it did not ask
   * for a fresh one with {@code Cache-Control: no-cache}), answers 304 with the headers set so far and
   * returns true: the caller sends nothing more.
   */
  public static boolean answeredNotModified(RoutingContext ctx, String etag) {
    ctx.etag(etag);
    if (!ctx.isFresh()) {
      return false;
    }
    ctx.response().setStatusCode(304).end();
    return true;
  }
}
