package org.portalpulse.assets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every asset of the build, in memory (a few tens of kilobytes in three encodings), by both its URLs:
 * the content-hashed one the pages link to, cached for a year, and the plain one, which pages already in
 * browsers' and proxies' caches from before the hashed names may still ask for, cached for an hour.
 */
public final class StaticAssets {
  static final CharSequence FOREVER = HttpHeaders.createOptimized("public, max-age=31536000, immutable");
  /** Not immutable: the file behind a plain name changes with the next build. */
  static final CharSequence ONE_HOUR = HttpHeaders.createOptimized("public, max-age=3600");

  private final Map<String, StaticAsset> byHashedPath;
  private final Map<String, StaticAsset> byPath;

  private StaticAssets(Map<String, StaticAsset> byHashedPath, Map<String, StaticAsset> byPath) {
    this.byHashedPath = byHashedPath;
    this.byPath = byPath;
  }

  /** Reads the manifest (on the caller's thread: once, at start-up) and then every asset's files. */
  public static Future<StaticAssets> load(Vertx vertx) {
    List<AssetManifest.Entry> entries = List.copyOf(AssetManifest.bundled().entries().values());
    List<Future<StaticAsset>> loads = entries.stream().map(e -> StaticAsset.load(vertx, e)).toList();
    return Future.all(loads).map(v -> {
      Map<String, StaticAsset> byHashedPath = new HashMap<>();
      Map<String, StaticAsset> byPath = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        byHashedPath.put(entries.get(i).hashedPath(), loads.get(i).result());
        byPath.put(entries.get(i).path(), loads.get(i).result());
      }
      return new StaticAssets(Map.copyOf(byHashedPath), Map.copyOf(byPath));
    });
  }

  /** The asset whose file is {@code webroot} + {@code path}, such as {@code /pulse.js}. */
  public StaticAsset byPath(String path) {
    StaticAsset asset = byPath.get(path);
    if (asset == null) {
      throw new IllegalArgumentException("No asset " + path + " in " + AssetManifest.RESOURCE);
    }
    return asset;
  }

  /** {@code GET /assets/*}: the asset by either of its URLs, or the next route (a 404) when there is none. */
  public void serve(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    StaticAsset hashed = byHashedPath.get(path);
    if (hashed != null) {
      hashed.send(ctx, FOREVER);
      return;
    }
    StaticAsset plain = byPath.get(path);
    if (plain != null) {
      plain.send(ctx, ONE_HOUR);
    } else {
      ctx.next();
    }
  }
}
