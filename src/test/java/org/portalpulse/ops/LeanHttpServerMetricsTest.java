package org.portalpulse.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("HTTP request metrics keep Vert.x's series and labels")
class LeanHttpServerMetricsTest {
  private static final String ARTICLE_200 = "{code=\"200\",method=\"GET\",route=\"/articles/:slug\"}";
  private static final String UNROUTED_404 = "{code=\"404\",method=\"GET\",route=\"\"}";

  @Test
  @DisplayName("Requests are counted and timed by route, method and status; unknown methods are one label value")
  void countsAndTimesByRouteMethodAndCode(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      int port = server.app().config().httpPort();
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      server.reader().get("/articles/" + slug, "203.0.113.1").await();
      ScrapedMetrics before = ScrapedMetrics.scrape(vertx, port);

      for (int i = 0; i < 3; i++) {
        assertThat(server.reader().get("/articles/" + slug, "203.0.113.1").await().statusCode()).isEqualTo(200);
      }
      assertThat(server.reader().get("/no-such-page/at-all", "203.0.113.1").await().statusCode()).isEqualTo(404);
      server.reader().request(HttpMethod.valueOf("BREW"), "/", "203.0.113.1", MultiMap.caseInsensitiveMultiMap()).await();
      ScrapedMetrics after = ScrapedMetrics.scrape(vertx, port);

      assertThat(after.value("vertx_http_server_requests_total" + ARTICLE_200)
          - before.value("vertx_http_server_requests_total" + ARTICLE_200)).isEqualTo(3);
      assertThat(after.value("vertx_http_server_response_time_seconds_count" + ARTICLE_200)
          - before.value("vertx_http_server_response_time_seconds_count" + ARTICLE_200)).isEqualTo(3);
      assertThat(after.value("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\",route=\"/articles/:slug\",le=\"+Inf\"}"))
          .as("a histogram, for p99 per route").isEqualTo(after.value("vertx_http_server_response_time_seconds_count" + ARTICLE_200));
      assertThat(after.value("vertx_http_server_requests_total" + UNROUTED_404)).as("no route matched").isEqualTo(1);
      assertThat(after.series().keySet()).as("a made-up method")
          .anyMatch(s -> s.startsWith("vertx_http_server_requests_total{") && s.contains("method=\"OTHER\""))
          .noneMatch(s -> s.contains("BREW"));
      assertThat(after.value("vertx_http_server_active_connections")).as("connections still reported by Vert.x").isGreaterThan(0);
    }
  }

  @Test
  @DisplayName("The same requests give the same series as Vert.x's own request metrics: sub-routers, 404s, failures")
  void sameSeriesAsVertxOwnMetrics() {
    PrometheusMeterRegistry theirs = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions labelled = new MicrometerMetricsOptions().setEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
    Map<String, Double> vertxOwn = requestSeries(Vertx.builder().with(new VertxOptions().setMetricsOptions(labelled))
        .withMetrics(new MicrometerMetricsFactory(theirs)).build(), theirs);
    PrometheusMeterRegistry ours = Observability.newRegistry();
    Map<String, Double> lean = requestSeries(Observability.vertxReportingTo(ours), ours);

    assertThat(lean).isEqualTo(vertxOwn).containsKeys(
        "count [tag(code=200), tag(method=GET), tag(route=/articles/:slug)]",
        "count [tag(code=404), tag(method=GET), tag(route=)]",
        "count [tag(code=500), tag(method=GET), tag(route=/broken)]",
        "count [tag(code=200), tag(method=GET), tag(route=/api/admin/v1/>/counters)]",
        "count [tag(code=404), tag(method=GET), tag(route=/api/admin/v1/)]");
  }

  /** Sends the same requests to a small router on {@code vertx}; the request series it recorded, with their counts. */
  private static Map<String, Double> requestSeries(Vertx vertx, MeterRegistry registry) {
    try {
      Router admin = Router.router(vertx);
      admin.get("/counters").handler(ctx -> ctx.end("counters"));
      Router router = Router.router(vertx);
      router.get("/articles/:slug").handler(ctx -> ctx.end("article"));
      router.get("/broken").handler(ctx -> ctx.fail(500));
      router.route("/api/admin/v1/*").subRouter(admin);
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      WebClient client = WebClient.create(vertx);
      List<String> paths = List.of("/articles/a", "/articles/b", "/nowhere", "/broken", "/api/admin/v1/counters",
          "/api/admin/v1/nothing");
      for (String path : paths) {
        client.get(server.actualPort(), "127.0.0.1", path).send().await();
      }
      // A response is counted when it has been written, which may be just after the client has read it.
      Waits.awaitTrue(() -> registry.find(LeanHttpServerMetrics.REQUESTS).counters().stream()
          .mapToDouble(Counter::count).sum() == paths.size(), "every request counted");
      Map<String, Double> series = new TreeMap<>();
      registry.find(LeanHttpServerMetrics.REQUESTS).counters()
          .forEach(c -> series.put("count " + c.getId().getTags(), c.count()));
      registry.find(LeanHttpServerMetrics.RESPONSE_TIME).timers()
          .forEach(t -> series.put("time " + t.getId().getTags(), (double) t.count()));
      return series;
    } finally {
      vertx.close().await();
    }
  }
}
