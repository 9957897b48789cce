package org.portalpulse.assets;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@link AssetBuild} made of {@code webroot/} at build time, read at run time: each asset's URL, its
 * content-hashed URL, its type, its hash and the encodings written beside it ({@code .br}, {@code .gz}).
 * The one place that knows the file's format, for the build that writes it and the server that reads it.
 */
public final class AssetManifest {
  /** On the classpath, beside the assets; not under {@code assets/}, so no URL reaches it. */
  static final String RESOURCE = "webroot/asset-manifest.json";
  static final String WEBROOT = "webroot";

  /**
   * One asset. {@code path} is its URL and its file under {@code webroot/}; {@code encodings} are the
   * {@code Content-Encoding}s whose files were written beside it, each named {@code path + suffix}.
   */
  public record Entry(String path, String hashedPath, String contentType, String sha256, List<Encoding> encodings) {
    String resource() {
      return WEBROOT + path;
    }
  }

  private final Map<String, Entry> byPath;

  AssetManifest(Map<String, Entry> byPath) {
    this.byPath = Collections.unmodifiableMap(new TreeMap<>(byPath)); // sorted: the same build writes the same file
  }

  /** The manifest in the jar (or {@code target/classes}): read once, the first time it is asked for. */
  public static AssetManifest bundled() {
    return Bundled.MANIFEST;
  }

  public Optional<Entry> entry(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  public Map<String, Entry> entries() {
    return byPath;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    byPath.values().forEach(e -> json.put(e.path(), new JsonObject()
        .put("hashed", e.hashedPath())
        .put("type", e.contentType())
        .put("sha256", e.sha256())
        .put("encodings", new JsonArray(e.encodings().stream().map(Encoding::token).toList()))));
    return json;
  }

  static AssetManifest fromJson(JsonObject json) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    json.forEach(field -> {
      JsonObject e = (JsonObject) field.getValue();
      List<Encoding> encodings = e.getJsonArray("encodings").stream().map(t -> Encoding.ofToken((String) t)).toList();
      entries.put(field.getKey(), new Entry(field.getKey(), e.getString("hashed"), e.getString("type"), e.getString("sha256"), encodings));
    });
    return new AssetManifest(entries);
  }

  /**
   * A holder class: the manifest is read when first needed (at start-up, by {@link StaticAssets#load}),
   * a small classpath read that happens once, before any event loop renders a page.
   */
  private static final class Bundled {
    static final AssetManifest MANIFEST = read();

    private static AssetManifest read() {
      try (InputStream in = AssetManifest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is not on the classpath: build with Maven (mvn package), "
              + "whose process-classes phase runs org.portalpulse.assets.AssetBuild");
        }
        return fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
