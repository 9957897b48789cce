package org.portalpulse.assets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.ParsedHeaderValue;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One asset, held in memory in each encoding the build wrote ({@link AssetBuild}), and sent in the best
 * one the client accepts: nothing is compressed on a request.
 */
public final class StaticAsset {
  /** As a value of {@code Vary}: Vert.x's {@code HttpHeaders.ACCEPT_ENCODING} is the lower-case header name. */
  private static final CharSequence ACCEPT_ENCODING = HttpHeaders.createOptimized("Accept-Encoding");
  private final CharSequence contentType;
  private final String etag;
  private final Buffer identity;
  private final Map<Encoding, Buffer> encoded;

  private StaticAsset(String contentType, String etag, Buffer identity, Map<Encoding, Buffer> encoded) {
    this.contentType = HttpHeaders.createOptimized(contentType);
    this.etag = etag;
    this.identity = identity;
    this.encoded = encoded;
  }

  /** Reads the asset's files from the classpath, without blocking the caller. */
  static Future<StaticAsset> load(Vertx vertx, AssetManifest.Entry entry) {
    Future<Buffer> identity = vertx.fileSystem().readFile(entry.resource());
    Map<Encoding, Future<Buffer>> reads = new EnumMap<>(Encoding.class);
    entry.encodings().forEach(e -> reads.put(e, vertx.fileSystem().readFile(entry.resource() + e.suffix())));
    return Future.all(identity, Future.all(List.copyOf(reads.values()))).map(v -> {
      Map<Encoding, Buffer> encoded = new EnumMap<>(Encoding.class);
      reads.forEach((e, read) -> encoded.put(e, read.result()));
      return new StaticAsset(entry.contentType(), "W/\"" + entry.sha256().substring(0, 16) + "\"", identity.result(), encoded);
    });
  }

  /** Answers with this asset, or 304 when the client holds it already. */
  public void send(RoutingContext ctx, CharSequence cacheControl) {
    HttpServerResponse response = ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    if (!encoded.isEmpty()) {
      // Only an asset stored in several encodings varies with what the client accepts.
      response.putHeader(HttpHeaders.VARY, ACCEPT_ENCODING);
    }
    if (Freshness.answeredNotModified(ctx, etag)) {
      return;
    }
    Encoding chosen = chosen(ctx.parsedHeaders().acceptEncoding());
    if (chosen == null) {
      // Says "do not compress this" to the server's own compression; Vert.x removes it before sending.
      response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY).end(identity);
    } else {
      response.putHeader(HttpHeaders.CONTENT_ENCODING, chosen.token()).end(encoded.get(chosen));
    }
  }

  /**
   * The stored encoding the client weighs highest ({@code q}, with {@code *} standing for any it does not
   * name); among equals, Brotli: browsers send {@code gzip, deflate, br} with the same weight for each.
   * Null for none: no {@code Accept-Encoding}, or every stored encoding refused ({@code q=0}).
   */
  Encoding chosen(List<ParsedHeaderValue> accepted) {
    Encoding best = null;
    float bestWeight = 0;
    for (Encoding candidate : encoded.keySet()) { // in Encoding's order: Brotli first
      float weight = candidate.weightIn(accepted);
      if (weight > bestWeight) {
        best = candidate;
        bestWeight = weight;
      }
    }
    return best;
  }
}
