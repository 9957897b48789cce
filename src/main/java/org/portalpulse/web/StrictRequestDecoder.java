package org.portalpulse.web;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.List;

/**
 * Vert.x's HTTP/1.x request decoder, refusing what it would let through: a body framed two ways, a
 * request with no Host or with two, an HTTP version other than 1.0 and 1.1 (RFC 9112 §3.2, §6.1,
 * §6.3). A refused request reaches the server's invalid-request handler, and Netty reads nothing
 * more from that connection, so a request hidden in the body is never parsed.
 *
 * <p>Why here: Netty's decoder, on {@code Content-Length} with {@code Transfer-Encoding: chunked},
 * drops the {@code Content-Length} before any handler of ours sees the request, so both headers are
 * judged in {@link #isContentAlwaysEmpty}, which Netty calls with the headers as they were sent.
 *
 * <p>The one place Portal Pulse uses these internal APIs, checked against Vert.x 5.0.7 and Netty
 * 4.2.9: on an upgrade, check that {@code HttpServerConnectionInitializer} still adds a
 * {@code VertxHttpRequestDecoder(options)} named {@code "httpDecoder"} before it calls the server's
 * connection handler, that {@code ConnectionBase.channelHandlerContext()} still exists, and that
 * Netty's {@code HttpObjectDecoder.readHeaders} still calls {@code createMessage}, {@code splitHeaderName}
 * and {@code isContentAlwaysEmpty} inside its try block.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  private static final String NAME = "httpDecoder";

  /** Why a request was refused, in words fit for the log and the client: no byte of the request in it. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String reason) {
      super(reason, null, false, false); // no stack trace: a flood of bad requests costs no more than good ones
      this.status = status;
    }
  }

  private int hostHeaders;

  private StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /**
   * Puts the strict decoder in place of Vert.x's on a connection the server has just accepted, before
   * it has read a byte: call from {@code HttpServer.connectionHandler}, with cleartext HTTP/2 off.
   */
  static void installOn(HttpConnection connection, HttpServerOptions options) {
    ChannelPipeline pipeline = ((ConnectionBase) connection).channelHandlerContext().pipeline();
    if (pipeline.get(NAME) == null || pipeline.get(NAME).getClass() != VertxHttpRequestDecoder.class) {
      throw new IllegalStateException("Vert.x no longer decodes HTTP/1.x requests as StrictRequestDecoder expects: check it");
    }
    pipeline.replace(NAME, NAME, new StrictRequestDecoder(options));
  }

  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    hostHeaders = 0;
    return super.createMessage(initialLine);
  }

  @Override
  protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
    AsciiString name = super.splitHeaderName(sb, start, length);
    if (length == 4 && HttpHeaderNames.HOST.contentEqualsIgnoreCase(name) && ++hostHeaders > 1) {
      throw new Refused(400, "more than one Host header");
    }
    return name;
  }

  /** Netty's one call once a request's headers are read, before it decides how its body is framed. */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    HttpVersion version = message.protocolVersion();
    if (version.majorVersion() != 1 || version.minorVersion() > 1) {
      throw new Refused(505, "an HTTP version other than 1.0 and 1.1");
    }
    boolean http10 = version.minorVersion() == 0;
    if (hostHeaders == 0 && !http10) {
      throw new Refused(400, "no Host header");
    }
    HttpHeaders headers = message.headers();
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new Refused(400, "both Content-Length and Transfer-Encoding");
      }
      if (http10) {
        throw new Refused(400, "Transfer-Encoding in an HTTP/1.0 request");
      }
      List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (codings.size() != 1 || !"chunked".equalsIgnoreCase(codings.get(0).trim())) {
        throw new Refused(400, "a Transfer-Encoding other than chunked");
      }
    }
    return super.isContentAlwaysEmpty(message);
  }
}
