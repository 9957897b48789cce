package org.portalpulse.ops;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.Map;

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
  @DisplayName("The route label is Vert.x's: the templates that handled a request joined by '>', empty when none did")
  void routeLabelAsVertxWroteIt() {
    LeanHttpServerMetrics.Request request = new LeanHttpServerMetrics.Request("GET", 0);
    assertThat(request.route()).isEmpty();
    request.routed(null);
    assertThat(request.route()).isEmpty();
    request.routed("/api/admin/v1/*");
    request.routed("/counters");
    assertThat(request.route()).isEqualTo("/api/admin/v1/*>/counters");
  }
}
