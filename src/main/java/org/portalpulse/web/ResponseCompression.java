package org.portalpulse.web;

import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliMode;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Compression of what the servers write on a request (pages, JSON, feeds, {@code /metrics}): Brotli or
 * gzip, as the client asks. Assets are compressed at build time instead and say so in their
 * {@code Content-Encoding}, which this leaves alone. Websocket frames are never compressed
 * ({@code LiveNumbers.configure} turns permessage-deflate off), nor are 204s and 304s, which have no body.
 */
final class ResponseCompression {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCompression.class);
  /**
   * zlib's default level. Readers on phones gain from every byte; a portal's real traffic is far below
   * what a core compresses. Brotli at 5, the lowest quality that beats gzip on our pages (at 4 it makes
   * them larger than gzip does), with a window of 256 KB instead of 4 MB: a page is a few kilobytes, and
   * an encoder, one per answer, needs memory in proportion to its window. BENCHMARKS.md has the bytes and
   * what they cost.
   */
  static final int GZIP_LEVEL = 6;
  static final int BROTLI_QUALITY = 5;
  private static final int BROTLI_WINDOW_BITS = 18;
  /** A smaller body fits one packet whatever its encoding: compressing it costs CPU and saves no round trip. */
  static final int MIN_BYTES = 1024;
  private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");

  private ResponseCompression() {
  }

  static HttpServerOptions enable(HttpServerOptions options) {
    options.setCompressionSupported(true)
        .setCompressionContentSizeThreshold(MIN_BYTES)
        .addCompressor(StandardCompressionOptions.gzip(GZIP_LEVEL, 15, 8));
    if (Brotli.isAvailable()) {
      options.addCompressor(StandardCompressionOptions.brotli(BROTLI_QUALITY, BROTLI_WINDOW_BITS, BrotliMode.TEXT));
    } else {
      LOG.warn("Brotli is not available on this platform ({}): answers are compressed with gzip only", String.valueOf(Brotli.cause()));
    }
    return options;
  }

  /**
   * First on {@code router}: every answer whose type compresses says that it varies by
   * {@code Accept-Encoding} (so a shared cache keeps one copy per encoding), and every other one
   * (an image, already compressed) is marked to go out as it is.
   */
  static void markAnswers(Router router) {
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      ctx.addHeadersEndHandler(v -> mark(ctx));
      ctx.next();
    });
  }

  private static void mark(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    String type = headers.get(HttpHeaders.CONTENT_TYPE);
    if (type == null) {
      return; // no body: a 204, a 304, a redirect
    }
    if (compressible(type)) {
      String vary = headers.get(HttpHeaders.VARY);
      if (vary == null) {
        headers.set(HttpHeaders.VARY, ACCEPT_ENCODING);
      } else if (!vary.toLowerCase(Locale.ROOT).contains("accept-encoding")) {
        headers.set(HttpHeaders.VARY, vary + ", Accept-Encoding");
      }
    } else if (!headers.contains(HttpHeaders.CONTENT_ENCODING)) {
      headers.set(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
    }
  }

  /** Text of any kind: HTML, CSS, JavaScript, JSON, XML (feeds, sitemaps, SVG), YAML, CSV, Prometheus' format. */
  static boolean compressible(String contentType) {
    String type = contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
        || type.contains("yaml");
  }
}
