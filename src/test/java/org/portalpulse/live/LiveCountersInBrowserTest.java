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
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Open pages in a real browser keep Lượt xem and Thống kê truy cập current without a reload")
class LiveCountersInBrowserTest {
  /** A folder of its own: clearing it at the start must not delete other tests' artifacts. */
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "live-counters");
  private static final Duration ONLINE_WINDOW = Duration.ofSeconds(10);
  /** The promise for a view to reach every open page. */
  private static final Duration PUSH_DEADLINE = Duration.ofSeconds(2);
  /** Page loads, the first frames and reconnects: generous, it is not what is measured. */
  private static final Duration SETTLE_DEADLINE = Duration.ofSeconds(10);
  /**
   * "Closing the last tab of a visitor drops the count within a few seconds": the server's own bound is
   * the last confirmation (≤ 1 s) + the grace for a click to the next page (3 s) + a sweep pass (3.2 s)
   * + a push (≤ 1 s), about 8 s. Measured here: 3.5 to 5.5 s.
   */
  private static final Duration CLOSED_PAGE_DEADLINE = Duration.ofSeconds(10);
  /** After a window closes: a full expiry sweep pass (32 steps of 100 ms) and a push, with room to spare. */
  private static final Duration SWEEP_MARGIN = Duration.ofSeconds(6);

  // Two ordinary desktop browsers: headless Chromium's own User-Agent says "HeadlessChrome", a listed bot.
  private static final String FIRST_READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
  private static final String SECOND_READER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
  private static final String NOT_RELOADED = "window.portalPulseTestMarker";

  @Test
  @DisplayName("Two pages on one article: a view elsewhere moves Lượt xem and Hôm nay in both within 2 s; Đang online is 2, then 1 once a page closes")
  void twoOpenPagesFollowTheCounts(Vertx vertx) {
    BotDetector bots = BotDetector.fromBundledList();
    assertThat(List.of(FIRST_READER, SECOND_READER)).as("the browsers' User-Agents must count as readers").noneMatch(bots::isBot);

    deleteOldArtifacts();
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
        long viewsBefore = reader.articleViews(slug);
        long todayBefore = reader.siteStats().getLong("today");
        assertThat(todayBefore).as("both browser page loads were counted").isEqualTo(2);
        long settled = deadlineIn(SETTLE_DEADLINE);
        awaitShown(settled, "views", viewsBefore, "both pages show the article's views after loading", first, second);
        awaitShown(settled, "today", todayBefore, "both pages show today's views after loading", first, second);
        awaitShown(settled, "online", 2, "two browsers with different User-Agents are two visitors online", first, second);
        for (HeadlessChromium page : open) {
          page.script(NOT_RELOADED + " = arguments[0]", page.name());
        }

        long viewedElsewhere = System.nanoTime();
        HttpResponse<Buffer> elsewhere = reader.get("/articles/" + slug, Reader.visitor(7)).await();
        assertThat(elsewhere.statusCode()).isEqualTo(200);
        assertThat(Reader.shown(elsewhere.bodyAsString(), "views")).as("the view elsewhere was counted").isEqualTo(viewsBefore + 1);

        long pushed = viewedElsewhere + PUSH_DEADLINE.toNanos();
        awaitShown(pushed, "views", viewsBefore + 1, "Lượt xem moves by the view made elsewhere", first, second);
        awaitShown(pushed, "today", todayBefore + 1, "Hôm nay moves by the view made elsewhere", first, second);
        awaitShown(pushed, "online", 3, "the visitor elsewhere is online for the online window after their view", first, second);
        assertNotReloaded(articleUrl, first, second);

        // The visitor elsewhere has no open page: they leave once their view is older than the window.
        awaitShown(viewedElsewhere + ONLINE_WINDOW.plus(SWEEP_MARGIN).toNanos(), "online", 2,
            "the visitor elsewhere leaves after the online window; the two open pages stay", first, second);
        // The browsers' own views are past the window too by now: only their open pages keep them online.
        sleepUntil(pagesLoaded + ONLINE_WINDOW.plus(SWEEP_MARGIN).toNanos());
        awaitShown(System.nanoTime(), "online", 2, "open pages keep their visitors online after their views' window", first, second);
        assertThat(reader.siteStats().getLong("online")).as("/api/stats online with two open pages").isEqualTo(2);
        assertNotReloaded(articleUrl, first, second);

        saveArtifacts(second, "before-close");
        open.remove(second);
        second.close();
        long closed = System.nanoTime();
        awaitShown(closed + CLOSED_PAGE_DEADLINE.toNanos(), "online", 1,
            "closing the second reader's only page drops them from Đang online", first);
        assertThat(reader.siteStats().getLong("online")).as("/api/stats online with one open page").isEqualTo(1);
        assertThat(shown(first, "views")).as("Lượt xem after the second page closed").isEqualTo(viewsBefore + 1);
        assertThat(shown(first, "today")).as("Hôm nay after the second page closed").isEqualTo(todayBefore + 1);
        assertNotReloaded(articleUrl, first);
      } finally {
        for (HeadlessChromium page : open) {
          saveArtifacts(page, "end");
          page.close();
        }
      }
    }
  }

  /**
   * Polls every page until each shows {@code expected} in its {@code data-counter} element, or fails
   * naming what was expected, by when, and what each page showed last.
   */
  private static void awaitShown(long deadlineNanos, String counter, long expected, String why, HeadlessChromium... pages) {
    long start = System.nanoTime();
    while (true) {
      Map<String, String> seen = new LinkedHashMap<>();
      boolean everyPage = true;
      for (HeadlessChromium page : pages) {
        String text = page.text("[data-counter=" + counter + "]");
        seen.put(page.name(), text);
        everyPage &= Long.valueOf(expected).equals(parse(text));
      }
      if (everyPage) {
        System.out.printf("data-counter=\"%s\" showed %d after %d ms: %s%n", counter, expected, (System.nanoTime() - start) / 1_000_000, why);
        return;
      }
      if (System.nanoTime() - deadlineNanos > 0) {
        throw new AssertionError(String.format("%s: expected data-counter=\"%s\" to show %d on every page within %d ms, but the pages showed %s",
            why, counter, expected, Duration.ofNanos(Math.max(0, deadlineNanos - start)).toMillis(), seen));
      }
      PulseTestServer.sleep(25);
    }
  }

  private static long shown(HeadlessChromium page, String counter) {
    String text = page.text("[data-counter=" + counter + "]");
    Long value = parse(text);
    if (value == null) {
      throw new AssertionError(page.name() + " shows no number in data-counter=\"" + counter + "\": " + text);
    }
    return value;
  }

  /** A number written the Vietnamese way (1.446 is one thousand four hundred forty-six), or null. */
  private static Long parse(String text) {
    if (text == null || !text.matches("\\d{1,3}(\\.\\d{3})*")) {
      return null;
    }
    return Long.parseLong(text.replace(".", ""));
  }

  /** The page is the one first loaded: same address, and the marker set on it is still there. */
  private static void assertNotReloaded(String url, HeadlessChromium... pages) {
    for (HeadlessChromium page : pages) {
      assertThat(page.currentUrl()).as(page.name() + " address").isEqualTo(url);
      assertThat(page.script("return " + NOT_RELOADED)).as(page.name() + " was not reloaded").isEqualTo(page.name());
    }
  }

  private static void saveArtifacts(HeadlessChromium page, String label) {
    try {
      page.saveArtifacts(ARTIFACTS, label);
    } catch (RuntimeException e) {
      // an artifact is a help for reading a failure; it must not hide the failure itself
      System.err.println("No screenshot of " + page.name() + ": " + e);
    }
  }

  /** A screenshot from an earlier run must not pass for this run's. */
  private static void deleteOldArtifacts() {
    if (!Files.exists(ARTIFACTS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(ARTIFACTS)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long deadlineIn(Duration duration) {
    return System.nanoTime() + duration.toNanos();
  }

  private static void sleepUntil(long nanoTime) {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      PulseTestServer.sleep(Duration.ofNanos(left).toMillis() + 1);
    }
  }
}
