package org.portalpulse.publishing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where an import reads from: a feed or CSV file, an http(s) URL, or text handed over whole (the
 * admin API's {@code content}). Reading blocks: call it from a worker, never an event loop.
 */
public final class ImportSource {
  static final int MAX_BYTES = 20 * 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Reading reading;

  private interface Reading {
    byte[] read() throws IOException, InterruptedException;
  }

  private ImportSource(String name, Reading reading) {
    this.name = name;
    this.reading = reading;
  }

  /** A path to a file, or an http(s) URL. */
  public static ImportSource of(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return url(source);
    }
    Path file = Path.of(source);
    return new ImportSource(source, () -> {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidArticle(source + " is over " + MAX_BYTES + " bytes");
      }
      return Files.readAllBytes(file);
    });
  }

  /** An http(s) URL only: the admin API reads no file of the server's. */
  public static ImportSource url(String url) {
    URI uri = ArticleFields.httpUri(url)
        .orElseThrow(() -> new InvalidArticle("url must be an http or https URL of a feed or a url,views file"));
    return new ImportSource(url, () -> download(uri));
  }


  public static ImportSource content(String text) {
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new ImportSource("the request's content", () -> bytes);
  }

  public String name() {
    return name;
  }

  /** Throws {@link InvalidArticle} saying why the source cannot be read. */
  byte[] read() {
    try {
      return reading.read();
    } catch (NoSuchFileException e) {
      throw new InvalidArticle("No file " + name);
    } catch (IOException e) {
      throw new InvalidArticle("Could not read " + name + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidArticle("Interrupted while reading " + name);
    }
  }

  private static byte[] download(URI uri) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("User-Agent", "PortalPulse-import").build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("it answered HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("it is over " + MAX_BYTES + " bytes");
      }
      return bytes;
    }
  }
}
