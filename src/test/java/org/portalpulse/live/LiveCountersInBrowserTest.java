package org.portalpulse.live;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.counting.BotDetector;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portalpulse.support.ShownOnPages.assertShown;
import static org.portalpulse.support.ShownOnPages.awaitShown;
import static org.portalpulse.support.ShownOnPages.left;
import static org.portalpulse.support.Waits.holdsFor;

@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("Open pages in a real browser keep Lượt xem and Thống kê truy cập current without a reload")
class LiveCountersInBrowserTest {
  /** A folder of its own: clearing it at the start must not delete other tests' artifacts. */
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "live-counters");
  private static final Duration ONLINE_WINDOW = Duration.ofSeconds(10);
  /** The promise for a view to reach every open page. */
  private static final Duration PUSH_DEADLINE = Duration.ofSeconds(2);
  /**
   * "Closing the last tab of a visitor drops the count within a few seconds": the server's own bound is
   * the last confirmation (≤ 1 s) + the grace for a click to the next page (3 s) + a sweep pass (0.8 s)
   * + a push (≤ 1 s), about 8 s. Measured here: 3.5 to 5.5 s.
   */
  private static final Duration CLOSED_PAGE_DEADLINE = Duration.ofSeconds(10);
  /** After a window closes: a full expiry sweep pass (8 steps of 100 ms) and a push, with room to spare. */
  private static final Duration SWEEP_MARGIN = Duration.ofSeconds(6);

  // Two ordinary desktop browsers: headless Chromium's own User-Agent says "HeadlessChrome", a listed bot.
  private static final String FIRST_READER = Reader.BROWSER;
  private static final String SECOND_READER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

  @Test
  @DisplayName("Two pages on one article: a view elsewhere moves Lượt xem and Hôm nay in both within 2 s; Đang online is 2, then 1 once a page closes")
  void twoOpenPagesFollowTheCounts(Vertx vertx) {
    BotDetector bots = BotDetector.fromBundledList();
    assertThat(List.of(FIRST_READER, SECOND_READER)).as("the browsers' User-Agents must count as readers").noneMatch(bots::isBot);

    HeadlessChromium.clearArtifacts(ARTIFACTS);
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ONLINE_WINDOW, Long.toString(ONLINE_WINDOW.toSeconds()));
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      Reader reader = server.reader();
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      String articleUrl = "http://127.0.0.1:" + server.app().config().httpPort() + "/articles/" + slug;

      List<HeadlessChromium> open = new ArrayList<>();
      try {
        HeadlessChromium first = HeadlessChromium.start("first-reader", FIRST_READER, ARTIFACTS);
        open.add(first);
        HeadlessChromium second = HeadlessChromium.start("second-reader", SECOND_READER, ARTIFACTS);
        open.add(second);
        assertThat(first.userAgent()).isEqualTo(FIRST_READER);
        assertThat(second.userAgent()).isEqualTo(SECOND_READER);

        first.open(articleUrl);
        second.open(articleUrl);
        long pagesLoaded = System.nanoTime();
        assertThat(first.text("[data-counter=views]")).as("the article page shows Lượt xem").isNotNull();

        // The first page was rendered before the second page's view: only a push brings it level.
        long viewsBefore = reader.pageViews(slug);
        long todayBefore = reader.siteStats().getLong("today");
        assertThat(todayBefore).as("both browser page loads were counted").isEqualTo(2);
        awaitShown(System.nanoTime(), HeadlessChromium.SETTLE, Map.of("views", viewsBefore, "today", todayBefore, "online", 2L),
            "both pages show the article's views and today's after loading; two browsers with different User-Agents are two visitors online",
            first, second);
        for (HeadlessChromium page : open) {
          page.markPage();
        }

        long viewedElsewhere = System.nanoTime();
        HttpResponse<Buffer> elsewhere = reader.get("/articles/" + slug, Reader.visitor(7)).await();
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(Reader.shown(elsewhere.bodyAsString(), "views")).as("the view elsewhere was counted").isEqualTo(viewsBefore + 1);

        awaitShown(viewedElsewhere, PUSH_DEADLINE, Map.of("views", viewsBefore + 1, "today", todayBefore + 1, "online", 3L),
            "Lượt xem and Hôm nay move by the view made elsewhere, whose visitor is online for the online window after their view",
            first, second);
        assertNotReloaded(articleUrl, first, second);

        // The visitor elsewhere has no open page: they leave once their view is older than the window.
        awaitShown(viewedElsewhere, ONLINE_WINDOW.plus(SWEEP_MARGIN), Map.of("online", 2L),
            "the visitor elsewhere leaves after the online window; the two open pages stay", first, second);
        // The browsers' own views are past the window too by then: only their open pages keep them online.
        holdsFor(left(pagesLoaded, ONLINE_WINDOW.plus(SWEEP_MARGIN)), "open pages keep their visitors online after their views' window",
            () -> assertShown(Map.of("online", 2L), "open pages keep their visitors online after their views' window", first, second));
        assertThat(reader.siteStats().getLong("online")).as("/api/stats online with two open pages").isEqualTo(2);
        assertNotReloaded(articleUrl, first, second);

        second.saveArtifacts("before-close");
        open.remove(second);
        second.close();
        awaitShown(System.nanoTime(), CLOSED_PAGE_DEADLINE, Map.of("online", 1L),
            "closing the second reader's only page drops them from Đang online", first);
        assertThat(reader.siteStats().getLong("online")).as("/api/stats online with one open page").isEqualTo(1);
        assertThat(shown(first, "views")).as("Lượt xem after the second page closed").isEqualTo(viewsBefore + 1);
        assertThat(shown(first, "today")).as("Hôm nay after the second page closed").isEqualTo(todayBefore + 1);
        assertNotReloaded(articleUrl, first);
      } finally {
        for (HeadlessChromium page : open) {
          page.saveArtifacts("end");
          page.close();
        }
      }
    }
  }

  private static long shown(HeadlessChromium page, String counter) {
    return page.shownNumber("[data-counter=" + counter + "]");
  }

  private static void assertNotReloaded(String url, HeadlessChromium... pages) {
    for (HeadlessChromium page : pages) {
      page.assertNotReloaded(url);
    }
  }
}
