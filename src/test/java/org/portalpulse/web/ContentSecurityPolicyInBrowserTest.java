package org.portalpulse.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("In a real browser, the policy refuses what the pages do not use and lets through what they do")
class ContentSecurityPolicyInBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "content-security-policy");

  @Test
  @DisplayName("An article under the policy: its stylesheet applies and its live socket connects; an injected inline script does not run; nobody may frame it")
  void articleUnderThePolicy(Vertx vertx) {
    HeadlessChromium.clearArtifacts(ARTIFACTS);
    try (RunningServer server = RunningServer.start(vertx, PulseTestServer.defaults(TestPostgres.newDatabaseUrl()), Clock.systemUTC());
         HeadlessChromium browser = HeadlessChromium.start("reader", Reader.BROWSER, ARTIFACTS)) {
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      String origin = "http://127.0.0.1:" + server.app().config().httpPort();
      try {
        browser.open(origin + "/articles/" + slug);
        assertThat(browser.script("return getComputedStyle(document.querySelector('header')).backgroundColor"))
            .as("the header's colour, from /assets/site.css").isEqualTo("rgb(11, 83, 148)");

        // The page's views move only if its socket to ws://<own origin>/ws/stats connected under connect-src 'self'.
        long shown = browser.shownNumber("[data-counter=views]");
        assertThat(server.reader().get("/articles/" + slug, Reader.visitor(11)).await().statusCode()).isEqualTo(200);
        await("the view elsewhere pushed to the open page").atMost(HeadlessChromium.SETTLE)
            .until(() -> Long.valueOf(shown + 1).equals(browser.number("[data-counter=views]")));
        assertThat(browser.console()).as("console messages of the page").noneMatch(line -> line.contains("Content Security Policy"));

        Object ran = browser.script("var s = document.createElement('script'); s.textContent = 'window.injectedRan = true;';"
            + " document.body.appendChild(s); return window.injectedRan === true;");
        assertThat(ran).as("an injected inline script ran").isEqualTo(false);
        assertThat(browser.console()).as("the browser says why").anyMatch(line -> line.contains("script-src 'self'"));

        List<String> framing = consoleOfAnotherSiteFraming(vertx, browser, origin + "/articles/" + slug);
        assertThat(framing).as("console of another site framing ours").anyMatch(line -> line.contains("frame-ancestors 'none'"));
      } finally {
        browser.saveArtifacts("end");
      }
    }
  }

  /** Opens a page of another origin (another port) that frames {@code url}, and returns its console once the frame was refused, or after {@code SETTLE}. */
  private static List<String> consoleOfAnotherSiteFraming(Vertx vertx, HeadlessChromium browser, String url) {
    int port = PulseTestServer.freePort();
    HttpServer otherSite = vertx.createHttpServer().requestHandler(request -> request.response()
        .putHeader("Content-Type", "text/html").end("<!DOCTYPE html><iframe src='" + url + "'></iframe>"))
        .listen(port, "127.0.0.1").await();
    try {
      browser.open("http://127.0.0.1:" + port + "/");
      List<String> console = new ArrayList<>();
      try {
        await("the frame refused").atMost(HeadlessChromium.SETTLE)
            .until(() -> {
              console.addAll(browser.console());
              return console.stream().anyMatch(line -> line.contains("frame-ancestors"));
            });
      } catch (ConditionTimeoutException notRefused) {
        // the assertion on what was seen says what happened
      }
      return console;
    } finally {
      otherSite.close().await();
    }
  }
}
