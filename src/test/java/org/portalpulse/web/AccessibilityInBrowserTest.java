package org.portalpulse.web;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.support.HeadlessChromium.SETTLE;

@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("Every reader and admin page in Chromium: no axe-core WCAG 2.1 A/AA violation; /admin fits a phone after rotation")
class AccessibilityInBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "test-artifacts");
  private static final String TOKEN = "a11y-test-admin-token-5d2e8c7b1f";
  private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
  private static final Duration POLL = Duration.ofMillis(50);
  /** WCAG's contrast ratio of an element's text colour on another element's (opaque) background. */
  private static final String CONTRAST = """
      const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                         return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const contrast = (text, under) => { const a = lum(getComputedStyle(text).color), b = lum(getComputedStyle(under).backgroundColor);
                                          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
      """;

  private static RunningServer server;
  private static String base;
  private static String axeSource;
  private static String article;

  private HeadlessChromium browser;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    base = "http://127.0.0.1:" + server.app().config().httpPort();
    article = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
    axeSource = resource(AXE);
    HeadlessChromium.clearArtifacts(ARTIFACTS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void openBrowser() {
    browser = HeadlessChromium.start("a11y", Reader.BROWSER, ARTIFACTS);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  @Test
  @DisplayName("reader pages: home, a list page, an article, the 404 page")
  void readerPages() {
    for (String path : List.of("/", "/?page=2", "/articles/" + article, "/articles/no-such-article-here")) {
      browser.open(base + path);
      assertNoViolations(path);
    }
  }

  @Test
  @DisplayName("/admin before and after login")
  void adminPage() {
    browser.open(base + "/admin");
    awaitState("login");
    assertNoViolations("/admin (login)");

    logIn();
    assertNoViolations("/admin (dashboard)");
    // axe leaves a button on a flex header "incomplete" rather than failing it: measured here.
    assertThat(((Number) browser.script(CONTRAST + "return contrast(document.getElementById('logout'), document.querySelector('header'));")).doubleValue())
        .as("contrast of \"Đăng xuất\" on the header").isGreaterThanOrEqualTo(4.5);
    assertThat((List<?>) browser.script("""
        const cards = Array.from(document.querySelectorAll('#dashboard > .card')).map(c => c.getBoundingClientRect());
        return cards.slice(1).map((c, i) => c.top - cards[i].bottom);
        """)).as("the space between one card and the next, px").isNotEmpty()
        .allSatisfy(gap -> assertThat(((Number) gap).doubleValue()).isGreaterThanOrEqualTo(8));
  }

  @Test
  @DisplayName("by keyboard: the first Tab on a reader page reaches a visible skip link to the main content, every focus is drawn")
  void keyboard() {
    browser.open(base + "/articles/" + article);
    browser.pressTab();
    assertThat(browser.script("return document.activeElement.getAttribute('href')")).as("the first Tab stop").isEqualTo("#main");
    assertThat(browser.script("const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight"))
        .as("the focused skip link is on screen").isEqualTo(true);
    assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle")).as("its focus ring").isNotEqualTo("none");

    browser.open(base + "/admin");
    awaitState("login");
    assertThat(browser.script("return document.activeElement.id")).as("the field focused on /admin, ready to type").isEqualTo("token");
    browser.pressTab();
    assertThat(browser.script("return document.activeElement.id")).isEqualTo("login-submit");
    assertThat(browser.script("return getComputedStyle(document.activeElement).outlineStyle")).as("the button's focus ring").isNotEqualTo("none");
  }

  @Test
  @DisplayName("at 200 % zoom (640 px CSS width shown as 320): no page scrolls sideways")
  void doubleZoom() {
    browser.emulatePhone(320, 640);
    for (String path : List.of("/", "/?page=2", "/articles/" + article, "/articles/no-such-article-here")) {
      browser.open(base + path);
      awaitFits(320);
    }
    browser.open(base + "/admin");
    logIn();
    awaitFits(320);
  }

  @Test
  @DisplayName("/admin on a 390 px phone, turned to landscape and back: no wider than the screen, screenshot kept")
  void adminOnARotatedPhone() {
    browser.emulatePhone(390, 844);
    browser.open(base + "/admin");
    logIn();
    browser.emulatePhone(844, 390);
    awaitFits(844);
    browser.emulatePhone(390, 844);
    awaitFits(390);
    browser.screenshot(ARTIFACTS.resolve("admin-390-after-rotation.png"));
    assertThat(ARTIFACTS.resolve("admin-390-after-rotation.png")).isNotEmptyFile();
  }

  private void logIn() {
    awaitState("login");
    browser.type("#token", TOKEN);
    browser.click("#login-submit");
    awaitState("ready");
    await("the chart drawn").atMost(SETTLE).pollInterval(POLL).pollInSameThread()
        .until(() -> Boolean.TRUE.equals(browser.script("return !!document.querySelector('#chart canvas')")));
  }

  /** Scrolling sideways on a phone is what a page wider than its viewport costs the reader. */
  private void awaitFits(long viewportWidth) {
    await("/admin fits " + viewportWidth + " px").atMost(SETTLE).pollInterval(POLL).pollInSameThread().untilAsserted(() -> {
      @SuppressWarnings("unchecked")
      List<Long> widths = (List<Long>) browser.script(
          "return [document.documentElement.scrollWidth, window.innerWidth, (document.querySelector('#chart canvas') || {}).width]");
      assertThat(widths.get(1)).as("the viewport's width, [scrollWidth, innerWidth, canvas width] = " + widths).isEqualTo(viewportWidth);
      assertThat(widths.get(0)).as("the document's scrollWidth, [scrollWidth, innerWidth, canvas width] = " + widths).isLessThanOrEqualTo(viewportWidth);
    });
  }

  private void assertNoViolations(String page) {
    browser.script(axeSource);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) browser.asyncScript("""
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
          .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.map(n => n.target.join(' ')) }))))
          .catch(e => done([{ id: 'axe-error', impact: 'critical', help: String(e), targets: [] }]));
        """);
    StringBuilder report = new StringBuilder();
    for (Map<String, Object> v : violations) {
      report.append(String.format("%n  %s (%s): %s at %s", v.get("id"), v.get("impact"), v.get("help"), v.get("targets")));
    }
    if (!violations.isEmpty()) {
      System.out.println("axe-core on " + page + ":" + report);
      browser.saveArtifacts("violations-" + page.replaceAll("[^a-z0-9]+", "-"));
    }
    assertThat(violations).as("axe-core WCAG 2.1 A/AA violations on " + page + report).isEmpty();
  }

  private void awaitState(String state) {
    await("/admin data-state " + state).atMost(SETTLE).pollInterval(POLL).pollInSameThread().untilAsserted(() ->
        assertThat(browser.script("return document.body && document.body.dataset.state")).isEqualTo(state));
  }

  private static String resource(String name) {
    try (InputStream in = AccessibilityInBrowserTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name + " on the test classpath (org.webjars.npm:axe-core)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
