package org.portalpulse.embed;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.NginxServer;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Portal Pulse's own pages behind Debian's nginx with proxy_cache (conf/nginx/cache-in-front.conf). */
@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("Behind a cache, pages counted by their script count every reader once; counted when served, never twice")
class CachedPagesTest {
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "cache");

  @Test
  @DisplayName("PULSE_COUNT_ON=script: 50 readers through the cache count 50 views while the origin renders the page a few times")
  void scriptModeBehindACache(Vertx vertx) {
    HeadlessChromium.clearArtifacts(ARTIFACTS);
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.COUNT_ON, "script");
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC());
         NginxServer cache = cacheInFront(server)) {
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      WebClient client = WebClient.create(vertx, new WebClientOptions().setUserAgentEnabled(false));
      long before = server.reader().pageViews(slug);
      int rendered = 0;
      for (int i = 0; i < 50; i++) {
        String visitor = Reader.visitor(7_000 + i);
        String userAgent = Reader.BROWSER + " reader/" + i;
        HttpResponse<Buffer> page = client.getAbs(cache.origin() + "/articles/" + slug)
            .putHeader("User-Agent", userAgent).putHeader("X-Forwarded-For", visitor).send().await();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.bodyAsString()).contains("src=\"/pulse.js\"");
        rendered += "HIT".equals(page.getHeader("X-Cache-Status")) ? 0 : 1;
        if (i == 0) {
          assertThat(page.getHeader("Cache-Control")).isEqualTo("public, max-age=0, s-maxage=60");
          assertThat(server.reader().pageViews(slug)).as("the GET itself counts nothing").isEqualTo(before);
        }
        // What the page's script sends once the page is shown, through the cache, which passes it on.
        HttpResponse<Buffer> report = client.postAbs(cache.origin() + ReportIntake.PATH)
            .putHeader("User-Agent", userAgent).putHeader("X-Forwarded-For", visitor).putHeader("Origin", cache.origin())
            .putHeader("Content-Type", "text/plain;charset=UTF-8")
            .sendBuffer(Buffer.buffer(new JsonObject().put("p", "/articles/" + slug).put("t", "x").encode())).await();
        assertThat(report.statusCode()).isEqualTo(204);
      }
      assertThat(rendered).as("pages the origin rendered").isBetween(1, 3);
      assertThat(server.reader().pageViews(slug)).isEqualTo(before + 50);

      // And a real browser through the cache: the cached page's own script counts it.
      try (HeadlessChromium browser = HeadlessChromium.start("through-cache", Reader.BROWSER + " cached", ARTIFACTS)) {
        browser.open(cache.origin() + "/articles/" + slug);
        await("the cached page's view counted by its script").atMost(HeadlessChromium.SETTLE)
            .untilAsserted(() -> assertThat(server.reader().pageViews(slug)).isEqualTo(before + 51));
        await("its numbers filled in live").atMost(HeadlessChromium.SETTLE)
            .untilAsserted(() -> assertThat(browser.shownNumber("[data-pulse=views]")).isEqualTo(before + 51));
        browser.saveArtifacts("through-cache");
      }
      client.close();
    }
  }

  @Test
  @DisplayName("PULSE_COUNT_ON=request (the default): a page loaded in a browser counts once, when served, and its script adds nothing")
  void requestModeCountsOnce(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.remove(PulseConfig.TRUSTED_PROXIES);
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC());
         HeadlessChromium browser = HeadlessChromium.start("request-mode", Reader.BROWSER + " direct", ARTIFACTS)) {
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      long before = server.reader().pageViews(slug);
      browser.open("http://127.0.0.1:" + server.app().config().httpPort() + "/articles/" + slug);
      await().atMost(HeadlessChromium.SETTLE).untilAsserted(() -> assertThat(server.reader().pageViews(slug)).isEqualTo(before + 1));
      Waits.holdsFor(Duration.ofSeconds(2), "no second count by a script",
          () -> assertThat(server.reader().pageViews(slug)).isEqualTo(before + 1));
    }
  }

  private static NginxServer cacheInFront(RunningServer server) {
    int port = PulseTestServer.freePort();
    Map<String, String> ports = new LinkedHashMap<>();
    ports.put("127.0.0.1:8080", "127.0.0.1:" + server.app().config().httpPort());
    ports.put("127.0.0.1:8082", "127.0.0.1:" + port);
    return NginxServer.start("cache-in-front.conf", port, ports);
  }
}
