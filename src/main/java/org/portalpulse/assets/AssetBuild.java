package org.portalpulse.assets;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The build step that readies the static assets ({@code mvn package} runs it in process-classes, on
 * {@code target/classes/webroot}): every file under {@code assets/}, and {@code pulse.js}, gets a
 * content hash for its long-cached URL, and the text ones a {@code .br} (quality 11) and a {@code .gz}
 * (level 9) beside them, compressed once here at the strongest settings instead of on every request.
 * It writes {@code asset-manifest.json}, which the server reads at start-up.
 */
public final class AssetBuild {
  /** Eight hex digits of SHA-256 in the file name: enough to tell a dozen files' versions apart. */
  static final int NAME_HASH_DIGITS = 8;
  private static final int BROTLI_QUALITY = 11;
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("xml", "application/xml"),
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("webp", "image/webp"),
      Map.entry("woff2", "font/woff2"));
  /** Formats that are compressed already: a second compression gains nothing. */
  private static final List<String> COMPRESSED = List.of("png", "gif", "jpg", "jpeg", "webp", "woff2");

  private AssetBuild() {
  }

  /** {@code args[0]}: the webroot to ready, {@code target/classes/webroot}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("Usage: AssetBuild WEBROOT_DIRECTORY");
    }
    Path webroot = Path.of(args[0]);
    Brotli4jLoader.ensureAvailability();
    AssetManifest manifest = build(webroot);
    Files.writeString(webroot.resolve(Path.of(AssetManifest.RESOURCE).getFileName()), manifest.toJson().encodePrettily());
    System.out.printf("AssetBuild: %d assets in %s hashed and compressed%n", manifest.entries().size(), webroot);
  }

  static AssetManifest build(Path webroot) throws IOException {
    Map<String, AssetManifest.Entry> entries = new LinkedHashMap<>();
    for (Path file : sources(webroot)) {
      String path = "/" + webroot.relativize(file).toString().replace('\\', '/');
      byte[] content = Files.readAllBytes(file);
      String extension = extensionOf(path);
      String type = TYPES.get(extension);
      if (type == null) {
        throw new IllegalStateException("No content type known for " + file + ": add its extension to AssetBuild.TYPES");
      }
      List<Encoding> encodings = new ArrayList<>();
      if (!COMPRESSED.contains(extension)) {
        Files.write(Path.of(file + Encoding.BROTLI.suffix()), brotli(content));
        Files.write(Path.of(file + Encoding.GZIP.suffix()), gzip(content));
        encodings.add(Encoding.BROTLI);
        encodings.add(Encoding.GZIP);
      }
      String sha256 = sha256(content);
      entries.put(path, new AssetManifest.Entry(path, hashedPath(path, sha256), type, sha256, encodings));
    }
    return new AssetManifest(entries);
  }

  /** {@code pulse.js} and everything under {@code assets/}, but not what an earlier run wrote. */
  private static List<Path> sources(Path webroot) throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(webroot.resolve("pulse.js"));
    try (Stream<Path> assets = Files.walk(webroot.resolve("assets"))) {
      assets.filter(Files::isRegularFile)
          .filter(f -> !f.toString().endsWith(Encoding.BROTLI.suffix()) && !f.toString().endsWith(Encoding.GZIP.suffix()))
          .sorted()
          .forEach(files::add);
    }
    return files;
  }

  /** {@code /assets/site.css} → {@code /assets/site.3f9a1c2b.css}. */
  static String hashedPath(String path, String sha256) {
    int dot = path.lastIndexOf('.');
    return path.substring(0, dot) + "." + sha256.substring(0, NAME_HASH_DIGITS) + path.substring(dot);
  }

  private static String extensionOf(String path) {
    int dot = path.lastIndexOf('.');
    return dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static byte[] brotli(byte[] content) throws IOException {
    return Encoder.compress(content, new Encoder.Parameters().setQuality(BROTLI_QUALITY).setMode(Encoder.Mode.TEXT));
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gzip.write(content);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java has SHA-256", e);
    }
  }
}
