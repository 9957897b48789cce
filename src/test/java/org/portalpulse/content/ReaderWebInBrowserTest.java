package org.portalpulse.content;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.content.ReaderWebArticles.TRICKY_SLUG;
import static org.portalpulse.content.ReaderWebArticles.TRICKY_TITLE;

@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("In a real browser, under the Content-Security-Policy, the JSON-LD is read as data and nothing is refused")
class ReaderWebInBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "reader-web");
  private static final List<String> ICONS = List.of("/favicon.ico", "/assets/favicon.svg");

  @Test
  @DisplayName("An article whose title holds </script>: one JSON-LD block the page can parse, no script of the title's, no CSP report, the icons load")
  void articleUnderThePolicy(Vertx vertx) {
    HeadlessChromium.clearArtifacts(ARTIFACTS);
    try (RunningServer server = RunningServer.start(vertx, PulseTestServer.defaults(ReaderWebArticles.database()), Clock.systemUTC());
         HeadlessChromium browser = HeadlessChromium.start("reader", Reader.BROWSER, ARTIFACTS)) {
      String origin = "http://127.0.0.1:" + server.app().config().httpPort();
      try {
        browser.open(origin + "/articles/" + TRICKY_SLUG);
        assertThat(browser.script("return document.title")).isEqualTo(TRICKY_TITLE + " | Cổng thông tin tỉnh Hòa An");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) browser.script(
            "var blocks = document.querySelectorAll('script[type=\"application/ld+json\"]');"
                + " return blocks.length === 1 ? JSON.parse(blocks[0].textContent) : null;");
        assertThat(data).as("the one JSON-LD block, parsed by the page").isNotNull();
        assertThat(data.get("@type")).isEqualTo("NewsArticle");
        assertThat(data.get("headline")).isEqualTo(TRICKY_TITLE);
        assertThat(browser.script("return document.scripts.length")).as("scripts in the page: the JSON-LD and live.js").isEqualTo(2L);

        // Images under img-src 'self': both icons load, as the browser's tab would show them.
        browser.script("window.iconWidths = {}; arguments[0].forEach(function (src) {"
            + " var img = new Image(); img.onload = function () { window.iconWidths[src] = img.naturalWidth; };"
            + " img.onerror = function () { window.iconWidths[src] = -1; }; img.src = src; });", ICONS);
        for (String icon : ICONS) {
          Object width = await("the browser decoded " + icon).atMost(HeadlessChromium.SETTLE)
              .until(() -> browser.script("return window.iconWidths[arguments[0]]", icon), w -> w != null);
          assertThat(width).as("width of %s as the browser decoded it", icon).isIn(16L, 32L, 48L);
        }
        assertThat(browser.console()).as("console messages of the page").noneMatch(line -> line.contains("Content Security Policy"));
      } finally {
        browser.saveArtifacts("end");
      }
    }
  }
}
