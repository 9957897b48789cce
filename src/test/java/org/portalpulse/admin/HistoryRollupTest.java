package org.portalpulse.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.counting.HistoryRollup;
import org.portalpulse.counting.SiteCalendar;
import org.portalpulse.db.Database;
import org.portalpulse.db.Migrations;
import org.portalpulse.support.AdminClient;
import org.portalpulse.support.MutableClock;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Days that are over are rolled up: the admin API answers as before, and their visitor ids are gone")
class HistoryRollupTest {
  private static final String TOKEN = "history-rollup-token-5d1c9a7e";
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  /** What the admin API read before V10: every id of every day asked for. */
  private static final String VISITORS_FROM_IDS = """
      SELECT string_agg(day || '=' || visitors, ' ' ORDER BY day) FROM (
        SELECT b.day, count(DISTINCT v) AS visitors FROM visitor_batches b, unnest(b.visitors) AS v GROUP BY b.day) x
      """;
  private static final String ROLLED_UP_DAYS = "SELECT string_agg(day || '=' || visitors, ' ' ORDER BY day) FROM visitor_days";
  private static final String ROLLED_UP_HOURS =
      "SELECT string_agg(day || 'T' || hour || '=' || visitors, ' ' ORDER BY day, hour) FROM visitor_hours";

  @Test
  @DisplayName("by hour, day, week and month, top pages and CSV answer the same after the rollup, which deletes the ids of closed days only and changes nothing when run again")
  void rollupAnswersAsTheIdsDid(Vertx vertx) {
    // Saturday 24 October 2026, 01:30 in Berlin: the four days of history lie ahead, all of them open.
    MutableClock clock = new MutableClock(at("2026-10-24T01:30"));
    try (RunningServer server = RunningServer.start(vertx, settings(TestPostgres.newDatabaseUrl()), clock);
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      PostgresUrl url = server.app().databaseUrl();
      // Across the Sunday clocks go back (a 25-hour day) and the Monday a week begins.
      String fromIds = insertHistory(url, "2026-10-24", "2026-10-27");
      List<String> questions = List.of(
          "/views?by=hour&from=2026-10-24&to=2026-10-27",
          "/views?by=day&from=2026-10-24&to=2026-10-27",
          "/views?by=day&from=2026-10-24&to=2026-10-27&format=csv",
          "/views?by=week&from=2026-10-19&to=2026-11-01",
          "/views?by=month&from=2026-10-01&to=2026-10-31",
          "/top?from=2026-10-24&to=2026-10-27&limit=100");
      Map<String, String> before = answers(admin, questions);
      assertThat(before.get(questions.get(1))).contains("{\"start\":\"2026-10-25\",\"views\":" + viewsOn(url, "2026-10-25")
          + ",\"visitors\":" + fromIds.split(" ")[1].split("=")[1] + "}");

      clock.set(at("2026-10-27T10:00")); // Tuesday: Saturday to Monday are over
      HistoryRollup rollup = rollup(vertx, url, clock);
      assertThat(rollup.run().await()).isEqualTo(3);

      assertThat(answers(admin, questions)).isEqualTo(before);
      assertThat(Sql.text(url, ROLLED_UP_DAYS)).isEqualTo(fromIds.substring(0, fromIds.lastIndexOf(' ')));
      assertThat(Sql.text(url, "SELECT string_agg(DISTINCT day::text, ' ' ORDER BY day::text) FROM visitor_batches"))
          .as("the ids of the open day, and only those, are kept").isEqualTo("2026-10-27");
      assertThat(Sql.scalar(url, "SELECT count(*) FROM visitor_hours WHERE day = '2026-10-25'"))
          .as("the day clocks went back has 24 hours of local clock time").isEqualTo(24);
      String days = Sql.text(url, ROLLED_UP_DAYS);
      String hours = Sql.text(url, ROLLED_UP_HOURS);

      assertThat(rollup.run().await()).as("a second run finds nothing to do").isZero();
      assertThat(Sql.text(url, ROLLED_UP_DAYS)).isEqualTo(days);
      assertThat(Sql.text(url, ROLLED_UP_HOURS)).isEqualTo(hours);
      assertThat(answers(admin, questions)).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("a day is rolled up an hour after it ends; ids a late flush writes afterwards are added to it and deleted in turn")
  void settleThenLateIds(Vertx vertx) {
    MutableClock clock = new MutableClock(at("2026-10-28T00:30"));
    try (RunningServer server = RunningServer.start(vertx, settings(TestPostgres.newDatabaseUrl()), clock);
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      PostgresUrl url = server.app().databaseUrl();
      String fromIds = insertHistory(url, "2026-10-26", "2026-10-28");
      long seenAtTen = Sql.scalar(url, "SELECT min(v) FROM visitor_batches b, unnest(b.visitors) v WHERE day = '2026-10-27' AND hour = 10");
      HistoryRollup rollup = rollup(vertx, url, clock);

      assertThat(rollup.run().await()).isEqualTo(1);
      assertThat(Sql.text(url, "SELECT string_agg(DISTINCT day::text, ' ' ORDER BY day::text) FROM visitor_batches"))
          .as("half an hour after midnight, Tuesday's ids are kept for the flushes still on their way")
          .isEqualTo("2026-10-27 2026-10-28");
      clock.set(at("2026-10-28T01:00:01"));
      assertThat(rollup.run().await()).isEqualTo(1);
      assertThat(Sql.text(url, ROLLED_UP_DAYS)).isEqualTo(fromIds.substring(0, fromIds.lastIndexOf(' ')));
      String tuesday = "/views?by=day&from=2026-10-27&to=2026-10-27";
      String tuesdayByHour = "/views?by=hour&from=2026-10-27&to=2026-10-27";
      long visitors = visitors(admin.getJson(tuesday, TOKEN), 0);
      long atTen = visitors(admin.getJson(tuesdayByHour, TOKEN), 10);

      // A flush held back by an outage: one visitor already counted at 10:00, and two new ones.
      Sql.update(url, "INSERT INTO visitor_batches (batch_id, day, hour, visitors) VALUES (md5('late')::uuid, '2026-10-27', 10, ?)",
          (Object) new Long[] {seenAtTen, 900_001L, 900_002L});
      assertThat(visitors(admin.getJson(tuesday, TOKEN), 0)).as("not read until rolled up").isEqualTo(visitors);
      assertThat(rollup.run().await()).isEqualTo(1);
      assertThat(visitors(admin.getJson(tuesday, TOKEN), 0))
          .as("added: the ids they might repeat are gone, so a visitor seen before and after counts twice").isEqualTo(visitors + 3);
      assertThat(visitors(admin.getJson(tuesdayByHour, TOKEN), 10)).isEqualTo(atTen + 3);
      assertThat(Sql.scalar(url, "SELECT count(*) FROM visitor_batches WHERE day < '2026-10-28'")).isZero();
      assertThat(Sql.scalar(url, "SELECT count(*) FROM visitor_batches WHERE day = '2026-10-28'")).isEqualTo(24 * 3);
    }
  }

  @Test
  @DisplayName("three instances rolling up the same backlog at once count every day once")
  void concurrentRollupsCountOnce(Vertx vertx) {
    PostgresUrl url = PostgresUrl.parse(TestPostgres.newDatabaseUrl());
    Migrations.migrate(url);
    String fromIds = insertHistory(url, "2026-09-01", "2026-10-10");
    MutableClock clock = new MutableClock(at("2026-10-11T12:00"));
    List<HistoryRollup> instances = IntStream.range(0, 3).mapToObj(i -> rollup(vertx, url, clock)).toList();

    List<Integer> rolledUp = Future.all(instances.stream().map(HistoryRollup::run).toList()).await().list();

    assertThat(rolledUp.stream().mapToInt(Integer::intValue).sum()).as("days rolled up by one instance or another").isEqualTo(40);
    assertThat(Sql.text(url, ROLLED_UP_DAYS)).isEqualTo(fromIds);
    assertThat(Sql.scalar(url, "SELECT count(*) FROM visitor_batches")).isZero();
  }

  @Test
  @DisplayName("a server rolls up, as it starts, the days that ended while it was stopped")
  void rolledUpAtStart(Vertx vertx) {
    String databaseUrl = TestPostgres.newDatabaseUrl();
    PostgresUrl url = PostgresUrl.parse(databaseUrl);
    Migrations.migrate(url);
    String fromIds = insertHistory(url, "2026-11-01", "2026-11-03");
    Map<String, String> settings = settings(databaseUrl);
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      await("the ids of closed days deleted").atMost(Duration.ofSeconds(20))
          .until(() -> Sql.scalar(url, "SELECT count(*) FROM visitor_batches WHERE day < '2026-11-04'") == 0);
      assertThat(Sql.text(url, ROLLED_UP_DAYS)).isEqualTo(fromIds);
    }
  }

  private static Map<String, String> settings(String databaseUrl) {
    Map<String, String> settings = PulseTestServer.defaults(databaseUrl);
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    settings.put(PulseConfig.TIMEZONE, BERLIN.getId());
    return settings;
  }

  private static java.time.Instant at(String localTime) {
    return LocalDateTime.parse(localTime).atZone(BERLIN).toInstant();
  }

  private static HistoryRollup rollup(Vertx vertx, PostgresUrl url, Clock clock) {
    Pool pool = Database.adminPool(vertx, url);
    return new HistoryRollup(pool, new SiteCalendar(clock, BERLIN, DayOfWeek.MONDAY));
  }

  /**
   * History in the shape the flusher writes it: three batches an hour, each the ids of the visitors it
   * saw first in that hour. A visitor comes back in several batches and hours of a day, so a day has
   * fewer visitors than its hours added up, and each day a number of its own. Returns each day's
   * visitors as the ids count them.
   */
  private static String insertHistory(PostgresUrl url, String from, String to) {
    Sql.update(url, """
        INSERT INTO visitor_batches (batch_id, day, hour, visitors)
        SELECT md5(d::date || '/' || h || '/' || b)::uuid, d::date, h,
               ARRAY(SELECT DISTINCT (h * 7 + b * 5 + i * 3) % (40 + extract(day FROM d)::int)
                                     + (d::date - DATE '2026-01-01') * 1000
                     FROM generate_series(0, 9) i ORDER BY 1)
        FROM generate_series(?::date, ?::date, interval '1 day') d, generate_series(0, 23) h, generate_series(0, 2) b
        """, from, to);
    Sql.update(url, """
        INSERT INTO site_hourly_views AS s (day, hour, views)
        SELECT d::date, h, 10 + h + extract(day FROM d)::int
        FROM generate_series(?::date, ?::date, interval '1 day') d, generate_series(0, 23) h
        ON CONFLICT (day, hour) DO UPDATE SET views = s.views + EXCLUDED.views
        """, from, to);
    Sql.update(url, """
        INSERT INTO page_daily_views AS a (day, page_id, views)
        SELECT d::date, p.id, (p.id * 7 + extract(day FROM d)::int) % 50 + 1
        FROM generate_series(?::date, ?::date, interval '1 day') d, pages p
        ON CONFLICT (day, page_id) DO UPDATE SET views = a.views + EXCLUDED.views
        """, from, to);
    return Sql.text(url, VISITORS_FROM_IDS);
  }

  private static long viewsOn(PostgresUrl url, String day) {
    return Sql.scalar(url, "SELECT sum(views) FROM site_hourly_views WHERE day = ?::date", day);
  }

  private static Map<String, String> answers(AdminClient admin, List<String> questions) {
    Map<String, String> answers = new LinkedHashMap<>();
    questions.forEach(q -> {
      var response = admin.get(q, TOKEN);
      assertThat(response.statusCode()).as(q).isEqualTo(200);
      answers.put(q, response.bodyAsString());
    });
    return answers;
  }

  private static long visitors(io.vertx.core.json.JsonObject series, int point) {
    return series.getJsonArray("points").getJsonObject(point).getLong("visitors");
  }
}
