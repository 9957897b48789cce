package org.portalpulse.counting;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.MutableClock;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Hôm nay restarts at local midnight and Trong tuần on Monday, without a restart, DST included")
class CalendarRolloverTest {
  private final AtomicInteger visitors = new AtomicInteger();

  @Test
  @DisplayName("Asia/Ho_Chi_Minh: Sunday 23:59 to Monday 00:00 to Tuesday, before and after flushing")
  void midnightAndMonday(Vertx vertx) {
    ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
    MutableClock clock = new MutableClock(LocalDateTime.parse("2026-11-29T23:58:00").atZone(zone).toInstant()); // a Sunday
    try (RunningServer server = start(vertx, zone, clock)) {
      JsonObject start = server.reader().siteStats();
      views(server, 3);
      assertCounters(server, start.getLong("today") + 3, start.getLong("week") + 3, start.getLong("total") + 3);

      clock.advance(Duration.ofMinutes(2)); // Monday 00:00 local: a new day and a new week
      assertCounters(server, 0, 0, start.getLong("total") + 3);
      views(server, 2);
      assertCounters(server, 2, 2, start.getLong("total") + 5);
      PulseTestServer.awaitFlushed(server.app());
      assertCounters(server, 2, 2, start.getLong("total") + 5);

      clock.advance(Duration.ofDays(1)); // Tuesday: a new day, the same week
      views(server, 1);
      PulseTestServer.awaitFlushed(server.app());
      assertCounters(server, 1, 3, start.getLong("total") + 6);
      assertThat(storedDay(server, "2026-11-30")).isEqualTo(2);
      assertThat(storedDay(server, "2026-12-01")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("A reader who stays across midnight is one visitor online, and a reload is not a new view")
  void readerAcrossMidnight(Vertx vertx) {
    ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
    MutableClock clock = new MutableClock(LocalDateTime.parse("2026-11-29T23:58:00").atZone(zone).toInstant());
    try (RunningServer server = start(vertx, zone, clock)) {
      String me = Reader.visitor(9_999);
      assertThat(server.reader().get("/", me).await().statusCode()).isEqualTo(200);
      long total = server.reader().siteStats().getLong("total");

      clock.advance(Duration.ofMinutes(3)); // Monday 00:01, within the de-duplication window
      assertThat(server.reader().get("/", me).await().statusCode()).isEqualTo(200);
      assertCounters(server, 0, 0, total);
      assertThat(server.reader().siteStats().getLong("online")).isEqualTo(1);

      server.reader().get("/?page=2", me).await(); // another page: a view of the new day
      assertCounters(server, 1, 1, total + 1);
      assertThat(server.reader().siteStats().getLong("online")).isEqualTo(1);
      PulseTestServer.awaitFlushed(server.app());
      assertThat(uniqueVisitors(server, "2026-11-29")).isEqualTo(1);
      assertThat(uniqueVisitors(server, "2026-11-30")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("Europe/Berlin: the 23-hour and the 25-hour day count every view in the right day and hour")
  void daylightSavingTime(Vertx vertx) {
    ZoneId zone = ZoneId.of("Europe/Berlin");
    // 2026-03-29: clocks jump from 02:00 to 03:00. 01:30 CET is 00:30 UTC.
    MutableClock clock = new MutableClock(LocalDateTime.parse("2026-03-29T01:30:00").atZone(zone).toInstant());
    try (RunningServer server = start(vertx, zone, clock)) {
      long total = server.reader().siteStats().getLong("total");
      views(server, 1);
      clock.advance(Duration.ofHours(1)); // 03:30 CEST, the same local day
      views(server, 1);
      assertCounters(server, 2, 2, total + 2);
      clock.set(LocalDateTime.parse("2026-03-29T23:59:30").atZone(zone).toInstant());
      views(server, 1);
      assertCounters(server, 3, 3, total + 3);
      clock.advance(Duration.ofMinutes(1)); // Monday 2026-03-30 00:00:30 CEST
      assertCounters(server, 0, 0, total + 3);
      PulseTestServer.awaitFlushed(server.app());
      assertThat(storedHour(server, "2026-03-29", 1)).isEqualTo(1);
      assertThat(storedHour(server, "2026-03-29", 3)).isEqualTo(1);
      assertThat(storedHour(server, "2026-03-29", 23)).isEqualTo(1);

      // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
      clock.set(LocalDateTime.parse("2026-10-25T02:30:00").atZone(zone).withEarlierOffsetAtOverlap().toInstant());
      views(server, 1);
      clock.advance(Duration.ofHours(1)); // 02:30 again, now CET
      views(server, 1);
      clock.set(LocalDateTime.parse("2026-10-25T23:59:00").atZone(zone).toInstant()); // 25 hours after midnight
      views(server, 1);
      assertCounters(server, 3, 3, total + 6);
      clock.advance(Duration.ofMinutes(2)); // Monday 2026-10-26
      assertCounters(server, 0, 0, total + 6);
      PulseTestServer.awaitFlushed(server.app());
      assertThat(storedHour(server, "2026-10-25", 2)).isEqualTo(2);
      assertThat(storedDay(server, "2026-10-25")).isEqualTo(3);
    }
  }

  private RunningServer start(Vertx vertx, ZoneId zone, MutableClock clock) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.TIMEZONE, zone.getId());
    return RunningServer.start(vertx, settings, clock);
  }

  private void views(RunningServer server, int count) {
    for (int i = 0; i < count; i++) {
      assertThat(server.reader().get("/", Reader.visitor(visitors.incrementAndGet())).await().statusCode()).isEqualTo(200);
    }
  }

  private static void assertCounters(RunningServer server, long today, long week, long total) {
    JsonObject stats = server.reader().siteStats();
    assertThat(stats.getLong("today")).as("today").isEqualTo(today);
    assertThat(stats.getLong("week")).as("week").isEqualTo(week);
    assertThat(stats.getLong("total")).as("total").isEqualTo(total);
  }

  private static long storedDay(RunningServer server, String day) {
    return Sql.scalar(server.app().databaseUrl(), "SELECT coalesce(sum(views), 0) FROM site_hourly_views WHERE day = ?", LocalDate.parse(day));
  }

  private static long uniqueVisitors(RunningServer server, String day) {
    return Sql.scalar(server.app().databaseUrl(), "SELECT coalesce(sum(visitors), 0) FROM daily_unique_visitors WHERE day = ?",
        LocalDate.parse(day));
  }

  private static long storedHour(RunningServer server, String day, int hour) {
    return Sql.scalar(server.app().databaseUrl(), "SELECT coalesce(sum(views), 0) FROM site_hourly_views WHERE day = ? AND hour = ?",
        LocalDate.parse(day), hour);
  }
}
