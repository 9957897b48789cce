package org.portalpulse.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.portalpulse.support.Waits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Debian's Prometheus, run by the test on a free port with storage of its own, and its HTTP API. */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static PrometheusServer start(Path config, Path storage, int port) {
    try {
      Path log = Files.createTempFile("prometheus", ".log");
      Process process = new ProcessBuilder(BINARY.toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + storage,
          "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      PrometheusServer prometheus = new PrometheusServer(process, log, port);
      Waits.awaitServing("Prometheus", process, prometheus::log, Duration.ofSeconds(30), Duration.ofMillis(200), prometheus::ready);
      return prometheus;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (UncheckedIOException notYet) {
      return false;
    }
  }

  /** {@code /api/v1/query} at the current time: the whole answer, whatever its status. */
  JsonObject query(String promql) {
    return api("/api/v1/query?query=" + encode(promql));
  }

  /** The label sets of every series that matches the selector. */
  JsonArray series(String selector) {
    JsonObject answer = api("/api/v1/series?match[]=" + encode(selector));
    if (!"success".equals(answer.getString("status"))) {
      throw new AssertionError("Series " + selector + ": " + answer.encode());
    }
    return answer.getJsonArray("data");
  }

  JsonObject api(String pathAndQuery) {
    HttpResponse<String> response = get(pathAndQuery);
    try {
      return new JsonObject(response.body());
    } catch (RuntimeException notJson) {
      throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + pathAndQuery + ": " + response.body());
    }
  }

  /** The single value of an instant query that must return exactly one series. */
  double scalar(String promql) {
    JsonObject answer = query(promql);
    var result = answer.getJsonObject("data", new JsonObject()).getJsonArray("result");
    if (!"success".equals(answer.getString("status")) || result == null || result.size() != 1) {
      throw new AssertionError("Expected one series from " + promql + ", got " + answer.encode());
    }
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  String log() {
    try {
      String text = Files.readString(log);
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private HttpResponse<String> get(String pathAndQuery) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
          .timeout(Duration.ofSeconds(10)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    log.toFile().delete();
  }
}
