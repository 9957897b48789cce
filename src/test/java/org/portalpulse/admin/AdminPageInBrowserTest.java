package org.portalpulse.admin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
@DisplayName("GET /admin in a real browser: a token asked once, then the counters, a 30-day chart and the week's top articles")
class AdminPageInBrowserTest {
  /** A folder of its own: clearing it at the start must not delete other tests' artifacts. */
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "admin");
  private static final Path SCREENSHOT = ARTIFACTS.resolve("admin.png");
  private static final String TOKEN = "browser-test-admin-token-7f3c9a1e5b";
  private static final String TOKEN_KEY = "portalPulseAdminToken";
  private static final Duration POLL = Duration.ofMillis(50);

  private static RunningServer server;
  private static String adminUrl;
  private static String mostRead;
  private static String lessRead;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    adminUrl = "http://127.0.0.1:" + server.app().config().httpPort() + "/admin";
    List<String> slugs = List.of(Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1"),
        Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id OFFSET 1 LIMIT 1"));
    mostRead = slugs.get(0);
    lessRead = slugs.get(1);

    // Five views by four visitors today: three of one article, one of another, one of the home page.
    Reader reader = server.reader();
    for (int visitor = 1; visitor <= 3; visitor++) {
      assertThat(reader.get("/articles/" + mostRead, Reader.visitor(visitor)).await().statusCode()).isEqualTo(200);
    }
    assertThat(reader.get("/articles/" + lessRead, Reader.visitor(4)).await().statusCode()).isEqualTo(200);
    assertThat(reader.get("/", Reader.visitor(1)).await().statusCode()).isEqualTo(200);
    PulseTestServer.awaitFlushed(server.app());
    HeadlessChromium.clearArtifacts(ARTIFACTS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("with the right token: today/week/total/online as the readers' numbers, a drawn chart, the most read article first; the token only in sessionStorage")
  void dashboardWithTheRightToken() {
    JsonObject readersSee = server.reader().siteStats();
    assertThat(readersSee.getLong("today")).as("the views made for this test").isEqualTo(5);

    try (HeadlessChromium admin = HeadlessChromium.start("admin", Reader.BROWSER, ARTIFACTS)) {
      try {
        admin.open(adminUrl);
        awaitState(admin, "login", "the page asks for a token on first load");
        assertThat(admin.script("return document.getElementById('token').type")).isEqualTo("password");

        admin.type("#token", TOKEN);
        admin.click("#login-submit");
        awaitState(admin, "ready", "the page shows the numbers after the right token");

        assertThat(shown(admin, "today")).as("Hôm nay").isEqualTo(5);
        assertThat(shown(admin, "week")).as("Trong tuần").isEqualTo(readersSee.getLong("week"));
        assertThat(shown(admin, "total")).as("Tất cả").isEqualTo(readersSee.getLong("total"));
        assertThat(shown(admin, "online")).as("Đang online: the four visitors; the admin page itself counts no one").isEqualTo(4);
        assertThat(shown(admin, "visitorsToday")).as("Người xem hôm nay").isEqualTo(4);

        assertChartDrawn(admin);
        assertThat(admin.script("return document.querySelectorAll('#days tbody tr').length")).as("one row per day for 30 days").isEqualTo(30L);
        assertThat(textContent(admin, "#days tbody tr:first-child td:nth-child(2)")).as("today's views in the chart's numbers").isEqualTo("5");
        assertThat(textContent(admin, "#days tbody tr:first-child td:nth-child(3)")).as("today's visitors in the chart's numbers").isEqualTo("4");

        assertThat(admin.script("return Array.from(document.querySelectorAll('#top tbody tr')).map(r => r.dataset.slug)"))
            .as("the week's top articles, most read first").isEqualTo(List.of(mostRead, lessRead));
        assertThat(admin.text("#top tbody tr:first-child td.num")).isEqualTo("3");
        assertThat(admin.text("#top tbody tr:nth-child(2) td.num")).isEqualTo("1");

        assertThat(admin.script("return sessionStorage.getItem(arguments[0])", TOKEN_KEY)).as("the token kept for the session").isEqualTo(TOKEN);
        assertThat(admin.currentUrl()).as("the address after logging in").isEqualTo(adminUrl).doesNotContain(TOKEN);
        assertThat(admin.script("return document.cookie")).as("cookies").isEqualTo("");
        assertThat(admin.script("return localStorage.length")).as("localStorage entries").isEqualTo(0L);
        assertThat(admin.script("return document.documentElement.outerHTML")).asString().as("the page's markup").doesNotContain(TOKEN);
        admin.screenshot(SCREENSHOT);
        assertThat(SCREENSHOT).isNotEmptyFile();

        admin.open(adminUrl);
        awaitState(admin, "ready", "a reload in the same session needs no token again");
        assertThat(shown(admin, "today")).isEqualTo(5);

        admin.click("#logout");
        awaitState(admin, "login", "log out asks for the token again");
        assertThat(admin.script("return sessionStorage.length")).as("sessionStorage after log out").isEqualTo(0L);
        admin.open(adminUrl);
        awaitState(admin, "login", "after log out a reload asks for the token");
      } finally {
        admin.saveArtifacts("end");
      }
    }
  }

  @Test
  @DisplayName("with a wrong token: a clear message, the form again, nothing kept")
  void wrongTokenIsRefused() {
    try (HeadlessChromium admin = HeadlessChromium.start("admin-refused", Reader.BROWSER, ARTIFACTS)) {
      try {
        admin.open(adminUrl);
        awaitState(admin, "login", "the page asks for a token on first load");
        admin.type("#token", "not-the-admin-token-0000000000");
        admin.click("#login-submit");
        awaitText(admin, "#login-message", "Mã truy cập không đúng. Vui lòng kiểm tra");

        assertThat(admin.script("return document.body.dataset.state")).isEqualTo("login");
        assertThat(admin.script("return document.getElementById('login').hidden")).as("the form is shown again").isEqualTo(false);
        assertThat(admin.script("return document.getElementById('dashboard').hidden")).as("no numbers shown").isEqualTo(true);
        assertThat(admin.script("return document.getElementById('token').value")).as("the refused token is cleared from the field").isEqualTo("");
        assertThat(admin.script("return sessionStorage.length")).as("a refused token is not kept").isEqualTo(0L);
        assertThat(admin.currentUrl()).isEqualTo(adminUrl);
      } finally {
        admin.saveArtifacts("end");
      }
    }
  }

  /**
   * The chart is a canvas with both series drawn in their colours, not only its axes: some pixels are
   * the views line's blue (#0b5394) and some the visitors line's orange (#d97706).
   */
  private static void assertChartDrawn(HeadlessChromium admin) {
    @SuppressWarnings("unchecked")
    List<Long> pixels = (List<Long>) admin.script("""
        const canvas = document.querySelector('#chart canvas');
        if (!canvas) return null;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const near = (i, r, g, b) => Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24 && data[i + 3] > 200;
        let painted = 0, views = 0, visitors = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] > 0) painted++;
          if (near(i, 11, 83, 148)) views++;
          if (near(i, 217, 119, 6)) visitors++;
        }
        return [canvas.width, canvas.height, painted, views, visitors];
        """);
    assertThat(pixels).as("a canvas under #chart").isNotNull();
    System.out.printf("chart canvas %dx%d: %d painted pixels, %d views-blue, %d visitors-orange%n",
        pixels.get(0), pixels.get(1), pixels.get(2), pixels.get(3), pixels.get(4));
    assertThat(pixels.get(0) * pixels.get(1)).as("canvas size").isGreaterThan(100_000);
    assertThat(pixels.get(2)).as("painted pixels").isGreaterThan(5_000);
    assertThat(pixels.get(3)).as("pixels of the views line").isGreaterThan(100);
    assertThat(pixels.get(4)).as("pixels of the visitors line").isGreaterThan(100);
  }

  private static long shown(HeadlessChromium page, String counter) {
    return page.shownNumber("[data-admin-counter=" + counter + "]");
  }

  /** The text of an element whether or not it is on screen (the chart's numbers are in a closed {@code <details>}). */
  private static Object textContent(HeadlessChromium page, String cssSelector) {
    return page.script("const e = document.querySelector(arguments[0]); return e && e.textContent", cssSelector);
  }

  private static void awaitState(HeadlessChromium page, String state, String why) {
    await(why).atMost(SETTLE).pollInterval(POLL).pollInSameThread().untilAsserted(() ->
        assertThat(page.script("return document.body && document.body.dataset.state"))
            .as(() -> why + ": data-state; the page says: " + page.text("[role=alert]:not([hidden])")).isEqualTo(state));
  }

  private static void awaitText(HeadlessChromium page, String cssSelector, String expected) {
    await(cssSelector + " saying \"" + expected + "\"").atMost(SETTLE).pollInterval(POLL).pollInSameThread()
        .untilAsserted(() -> assertThat(page.text(cssSelector)).as(cssSelector).contains(expected));
  }
}
