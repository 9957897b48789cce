package org.portalpulse.web;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Every answer carries the security headers, and the pages need nothing the policy forbids")
class SecurityHeadersTest {
  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  private static final String TOKEN = "security-headers-test-token-0123456789";
  /**
   * What the policy refuses without 'unsafe-inline': an inline script or style, a style attribute, an event handler
   * attribute. JSON-LD is data, never run, so the policy does not apply to it.
   */
  private static final Pattern INLINE = Pattern.compile(
      "<style|<script(?![^>]*\\ssrc=)(?![^>]*\\stype=\"application/ld\\+json\")[^>]*>|\\sstyle\\s*=|\\son[a-z]+\\s*=",
      Pattern.CASE_INSENSITIVE);

  private static RunningServer server;
  private static String slug;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("Pages, an article, 404s, JSON, the admin API and page, assets, /metrics and /health: each header once")
  void everyAnswerOnTheReadersPort() {
    Map<String, Integer> answers = new LinkedHashMap<>();
    answers.put("/", 200);
    answers.put("/articles/" + slug, 200);
    answers.put("/no/such/page", 404);
    answers.put("/articles/no-such-article", 404);
    answers.put("/api/stats", 200);
    answers.put("/api/articles/" + slug + "/stats", 200);
    answers.put("/api/no/such/resource", 404);
    answers.put("/api/admin/v1/counters", 200);
    answers.put("/api/admin/v1/views?by=day&from=2026-11-30&to=2026-11-01", 400);
    answers.put("/api/admin/v1/openapi.yaml", 200);
    answers.put("/admin", 200);
    answers.put("/assets/live.js", 200);
    answers.put("/assets/site.css", 200);
    answers.put("/assets/admin/admin.js", 200);
    answers.put("/assets/vendor/uplot/uPlot.iife.min.js", 200);
    answers.put("/assets/no-such-script.js", 404);
    answers.put("/assets/favicon.svg", 200);
    answers.put("/favicon.ico", 200);
    answers.put("/rss.xml", 200);
    answers.put("/sitemap.xml", 200);
    answers.put("/robots.txt", 200);
    answers.put("/metrics", 200);
    answers.put("/health", 200);
    answers.forEach((path, status) -> {
      HttpResponse<Buffer> answer = get(server.reader(), path, "Bearer " + TOKEN);
      assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(status);
      assertSecurityHeaders(path, answer, path.equals("/admin") ? "no-referrer" : "strict-origin-when-cross-origin");
    });
    HttpResponse<Buffer> refused = get(server.reader(), "/api/admin/v1/counters", null);
    assertThat(refused.statusCode()).as("the admin API without a token").isEqualTo(401);
    assertSecurityHeaders("/api/admin/v1/counters without a token", refused, "strict-origin-when-cross-origin");
  }

  @Test
  @DisplayName("The pages hold no inline script, style or event handler; their styles come from /assets/site.css")
  void pagesNeedNoInlineCode() {
    for (String path : List.of("/", "/articles/" + slug, "/no/such/page", "/admin")) {
      String html = get(server.reader(), path, null).bodyAsString();
      assertThat(INLINE.matcher(html).results().map(m -> m.group()).toList()).as("inline code in %s", path).isEmpty();
    }
    assertThat(get(server.reader(), "/", null).bodyAsString()).containsPattern("<link rel=\"stylesheet\" href=\"/assets/site\\.[0-9a-f]{8}\\.css\">");
    HttpResponse<Buffer> css = get(server.reader(), "/assets/site.css", null);
    assertThat(css.getHeader("Content-Type")).startsWith("text/css");
    assertThat(css.bodyAsString()).contains(".stats h2");
  }

  @Test
  @DisplayName("On the ops port too: /metrics, /health and what it does not serve")
  void everyAnswerOnTheOpsPort(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    int opsPort = PulseTestServer.withOpsPort(settings);
    try (RunningServer withOps = RunningServer.start(vertx, settings, Clock.systemUTC());
         Reader ops = new Reader(vertx, opsPort)) {
      Map<String, Integer> answers = Map.of("/metrics", 200, "/health", 200, "/", 404);
      answers.forEach((path, status) -> {
        HttpResponse<Buffer> answer = get(ops, path, null);
        assertThat(answer.statusCode()).as("GET %s on the ops port", path).isEqualTo(status);
        assertSecurityHeaders(path + " on the ops port", answer, "strict-origin-when-cross-origin");
      });
      assertSecurityHeaders("/ on the readers' port", get(withOps.reader(), "/", null), "strict-origin-when-cross-origin");
    }
  }

  static void assertSecurityHeaders(String what, HttpResponse<Buffer> answer, String referrerPolicy) {
    MultiMap headers = answer.headers();
    assertThat(headers.getAll("Content-Security-Policy")).as("Content-Security-Policy of %s", what).containsExactly(POLICY);
    assertThat(headers.getAll("X-Frame-Options")).as("X-Frame-Options of %s", what).containsExactly("DENY");
    assertThat(headers.getAll("Referrer-Policy")).as("Referrer-Policy of %s", what).containsExactly(referrerPolicy);
    assertThat(headers.getAll("X-Content-Type-Options")).as("X-Content-Type-Options of %s", what).containsExactly("nosniff");
  }

  private static HttpResponse<Buffer> get(Reader reader, String path, String authorization) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("User-Agent", Reader.BROWSER);
    if (authorization != null) {
      headers.add("Authorization", authorization);
    }
    return reader.request(HttpMethod.GET, path, "203.0.113.20", headers).await();
  }
}
