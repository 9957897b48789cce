package org.portalpulse.embed;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.NginxServer;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
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

/**
 * The README's example: Debian's nginx serves conf/nginx/example-portal.html, a "CMS" page with the
 * snippet, on an origin of its own; real Chromium loads it.
 */
@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("In a real browser, one script tag counts a page another server serves and keeps its numbers live")
class EmbedInBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "embed");
  /** The page's canonical link, which every address of the example page shares. */
  private static final String PAGE = "/tin-tuc/chi-tiet.html?id=1205";
  private static final String CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
  private static RunningServer server;
  private static NginxServer portal;
  private static NginxServer elsewhere;

  @BeforeAll
  static void start(Vertx vertx) {
    HeadlessChromium.clearArtifacts(ARTIFACTS);
    int portalPort = PulseTestServer.freePort();
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.EMBED_ORIGINS, "http://127.0.0.1:" + portalPort);
    // Chromium connects from 127.0.0.1 with no X-Forwarded-For: its own address, not a test's.
    settings.remove(PulseConfig.TRUSTED_PROXIES);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    portal = examplePortal(portalPort);
    elsewhere = examplePortal(PulseTestServer.freePort());
  }

  private static NginxServer examplePortal(int port) {
    Map<String, String> ports = new LinkedHashMap<>();
    ports.put("127.0.0.1:8080", "127.0.0.1:" + server.app().config().httpPort());
    ports.put("127.0.0.1:8081", "127.0.0.1:" + port);
    return NginxServer.start("example-portal.conf", port, ports);
  }

  @AfterAll
  static void stop() {
    portal.close();
    elsewhere.close();
    server.close();
  }

  @Test
  @DisplayName("loading the page counts one view of it, its numbers show, and they change within 2 s when another reader opens it")
  void countsOnceAndStaysLive() {
    try (HeadlessChromium first = HeadlessChromium.start("first", CHROME + " first", ARTIFACTS);
         HeadlessChromium second = HeadlessChromium.start("second", CHROME + " second", ARTIFACTS)) {
      long totalBefore = total();
      long before = storedViews();
      first.open(portal.origin() + "/tin-tuc/chi-tiet.html?id=1205&utm_source=zalo");
      await("the view stored once").atMost(HeadlessChromium.SETTLE).untilAsserted(() -> assertThat(storedViews()).isEqualTo(before + 1));
      await("the page's numbers shown").atMost(HeadlessChromium.SETTLE).untilAsserted(() -> {
        assertThat(first.shownNumber("[data-pulse=views]")).isEqualTo(before + 1);
        assertThat(first.shownNumber("[data-pulse=total]")).isEqualTo(totalBefore + 1);
        assertThat(first.shownNumber("[data-pulse-box] [data-pulse=total]")).isEqualTo(totalBefore + 1);
      });
      first.saveArtifacts("first-reader");

      second.open(portal.origin() + "/tin-tuc/ban-in.html?id=1205");
      await("the first reader's page shows the second view").atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(first.shownNumber("[data-pulse=views]")).isEqualTo(before + 2));
      assertThat(first.shownNumber("[data-pulse=online]")).isGreaterThanOrEqualTo(2);
      first.saveArtifacts("second-reader");
      assertThat(total()).isEqualTo(totalBefore + 2);
      assertThat(first.console()).as("the page's console").noneMatch(line -> line.contains("SEVERE"));
    }
  }

  @Test
  @DisplayName("a page opened in a background tab counts nothing until it is shown, then once")
  void backgroundTabCountsWhenShown() {
    try (HeadlessChromium reader = HeadlessChromium.start("background", CHROME + " background", ARTIFACTS)) {
      reader.open("about:blank");
      long before = storedViews();
      String tab = reader.openInBackground(portal.origin() + "/tin-tuc/chi-tiet.html?id=1205");
      Waits.holdsFor(Duration.ofSeconds(2), "a hidden page counts nothing", () -> assertThat(storedViews()).isEqualTo(before));
      reader.bringToFront(tab);
      await("counted once shown").atMost(HeadlessChromium.SETTLE).untilAsserted(() -> assertThat(storedViews()).isEqualTo(before + 1));
    }
  }

  @Test
  @DisplayName("a page the browser prerenders (the news list's speculation rules) counts nothing until the reader opens it, then once")
  void prerenderedPageCountsWhenShown(Vertx vertx) {
    try (HeadlessChromium reader = HeadlessChromium.start("prerender", CHROME + " prerender", ARTIFACTS)) {
      long before = storedViews();
      double scriptsBefore = scriptRequests(vertx);
      reader.open(portal.origin() + "/tin-tuc/");
      // The prerendered article has loaded /pulse.js: the proof that the browser did prerender it.
      await("the article prerendered, its script loaded").atMost(HeadlessChromium.SETTLE)
          .until(() -> scriptRequests(vertx) > scriptsBefore);
      Waits.holdsFor(Duration.ofSeconds(2), "a prerendered page counts nothing", () -> assertThat(storedViews()).isEqualTo(before));
      reader.click("#top-story");
      await("counted once the reader opens it").atMost(HeadlessChromium.SETTLE)
          .untilAsserted(() -> assertThat(storedViews()).isEqualTo(before + 1));
      assertThat(reader.script("return performance.getEntriesByType('navigation')[0].activationStart > 0"))
          .as("the page shown is the one prerendered, activated").isEqualTo(true);
      Waits.holdsFor(Duration.ofSeconds(1), "and only once", () -> assertThat(storedViews()).isEqualTo(before + 1));
    }
  }

  @Test
  @DisplayName("the same page on an origin not in PULSE_EMBED_ORIGINS counts nothing and gets no numbers")
  void foreignOriginCountsNothing() {
    try (HeadlessChromium reader = HeadlessChromium.start("elsewhere", CHROME + " elsewhere", ARTIFACTS)) {
      long totalBefore = total();
      long before = storedViews();
      reader.open(elsewhere.origin() + "/tin-tuc/chi-tiet.html?id=1205");
      Waits.holdsFor(Duration.ofSeconds(2), "nothing counted from a foreign origin", () -> {
        assertThat(total()).isEqualTo(totalBefore);
        assertThat(storedViews()).isEqualTo(before);
      });
      assertThat(reader.text("[data-pulse=total]")).isEqualTo("…");
      reader.saveArtifacts("foreign-origin");
    }
  }

  /** Requests for /pulse.js the server has answered. */
  private static double scriptRequests(Vertx vertx) {
    return ScrapedMetrics.scrape(vertx, server.app().config().httpPort()).series().entrySet().stream()
        .filter(e -> e.getKey().startsWith("vertx_http_server_requests_total{") && e.getKey().contains("route=\"/pulse.js\""))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  private static long total() {
    return server.reader().siteStats().getLong("total");
  }

  private static long storedViews() {
    return Sql.scalar(server.app().databaseUrl(),
        "SELECT coalesce(sum(t.views), 0) FROM page_total_views t JOIN pages p ON p.id = t.page_id WHERE p.path = ?", PAGE);
  }
}
