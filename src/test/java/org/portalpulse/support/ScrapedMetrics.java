package org.portalpulse.support;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.util.HashMap;
import java.util.Map;

/** One scrape of {@code /metrics}, by series ({@code name{labels}} as written), for assertions. */
public record ScrapedMetrics(Map<String, Double> series) {

  public static ScrapedMetrics scrape(Vertx vertx, int port) {
    WebClient client = WebClient.create(vertx);
    try {
      var response = client.get(port, "127.0.0.1", "/metrics").send().await();
      if (response.statusCode() != 200) {
        throw new AssertionError("/metrics answered " + response.statusCode());
      }
      return parse(response.bodyAsString());
    } finally {
      client.close();
    }
  }

  static ScrapedMetrics parse(String text) {
    Map<String, Double> series = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return new ScrapedMetrics(series);
  }

  /** The value of a series without labels, or with exactly these labels written as Prometheus does. */
  public double value(String series) {
    Double value = this.series.get(series);
    if (value == null) {
      throw new AssertionError("No series " + series + " in the scrape");
    }
    return value;
  }
}
