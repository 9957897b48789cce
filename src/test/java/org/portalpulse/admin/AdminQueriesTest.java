package org.portalpulse.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.AdminClient;
import org.portalpulse.support.MutableClock;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Admins get series, top articles and CSV in the site's calendar, and can set baselines")
class AdminQueriesTest {
  private static final String TOKEN = "admin-queries-token-3e8f1b2c";
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static Map<String, String> settings(ZoneId zone) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    settings.put(PulseConfig.TIMEZONE, zone.getId());
    return settings;
  }

  @Test
  @DisplayName("series over a range sum to the counters for that range; CSV parses and matches the JSON")
  void seriesSumToCounters(Vertx vertx) {
    try (RunningServer server = RunningServer.start(vertx, settings(ZoneId.of("Asia/Ho_Chi_Minh")), Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      List<String> slugs = List.of(slug(server, 0), slug(server, 1));
      List<Future<HttpResponse<Buffer>>> views = new ArrayList<>();
      // 200 visitors read the first article, and 100 of them the second too: 300 views, 200 visitors.
      IntStream.range(0, 200).forEach(i -> views.add(server.reader().get("/articles/" + slugs.get(0), Reader.visitor(i))));
      IntStream.range(0, 100).forEach(i -> views.add(server.reader().get("/articles/" + slugs.get(1), Reader.visitor(i))));
      Future.all(views).await();
      PulseTestServer.awaitFlushed(server.app());

      JsonObject counters = admin.getJson("/counters", TOKEN);
      assertThat(counters.getLong("today")).isEqualTo(300);
      assertThat(counters.getLong("visitorsToday")).isEqualTo(200);
      JsonObject byDay = admin.getJson("/views?by=day", TOKEN);
      assertThat(points(byDay)).hasSize(30);
      assertThat(sum(byDay, "views")).as("Tất cả less the legacy total").isEqualTo(counters.getLong("total") - Sql.siteLegacyViews(server.app().databaseUrl()));
      assertThat(last(byDay).getLong("views")).isEqualTo(counters.getLong("today"));
      assertThat(last(byDay).getLong("visitors")).isEqualTo(200);
      String today = last(byDay).getString("start");
      JsonObject byHour = admin.getJson("/views?by=hour&from=" + today + "&to=" + today, TOKEN);
      assertThat(points(byHour)).hasSize(24);
      assertThat(sum(byHour, "views")).isEqualTo(counters.getLong("today"));
      JsonObject byWeek = admin.getJson("/views?by=week&from=" + byDay.getString("from"), TOKEN);
      assertThat(last(byWeek).getLong("views")).isEqualTo(counters.getLong("week"));
      JsonObject article = admin.getJson("/views?by=day&article=" + slugs.get(1), TOKEN);
      assertThat(sum(article, "views")).isEqualTo(100);
      JsonArray top = admin.getJson("/top", TOKEN).getJsonArray("articles");
      assertThat(top.getJsonObject(0).getString("slug")).isEqualTo(slugs.get(0));
      assertThat(top.getJsonObject(0).getLong("views")).isEqualTo(200);
      assertThat(top.getJsonObject(1).getLong("views")).isEqualTo(100);

      HttpResponse<Buffer> csv = admin.get("/views?by=day&format=csv", TOKEN);
      assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
      List<List<String>> rows = Spreadsheets.rfc4180(csv.bodyAsString());
      assertThat(rows.get(0)).containsExactly("start", "views", "visitors");
      JsonArray points = points(byDay);
      assertThat(rows).hasSize(points.size() + 1);
      for (int i = 0; i < points.size(); i++) {
        JsonObject p = points.getJsonObject(i);
        assertThat(rows.get(i + 1)).containsExactly(p.getString("start"), p.getLong("views").toString(), p.getLong("visitors").toString());
      }
      HttpResponse<Buffer> topCsv = admin.send(HttpMethod.GET, "/top", "Bearer " + TOKEN, null, null);
      assertThat(topCsv.getHeader("Content-Type")).startsWith("application/json");
      List<List<String>> topRows = Spreadsheets.rfc4180(admin.getWithAccept("/top", TOKEN, "text/csv").bodyAsString());
      assertThat(topRows.get(1).get(0)).isEqualTo(slugs.get(0));
      assertThat(topRows.get(1).get(1)).isEqualTo(top.getJsonObject(0).getString("title"));
      assertThat(topRows.get(1).get(2)).isEqualTo("200");
    }
  }

  @Test
  @DisplayName("day and week buckets are right around midnight, Monday and the autumn DST change in Europe/Berlin")
  void bucketsAroundMidnightMondayAndDst(Vertx vertx) {
    // Sunday 25 October 2026: Berlin's clocks go back from 03:00 to 02:00; the next day is a Monday.
    MutableClock clock = new MutableClock(LocalDateTime.parse("2026-10-25T01:30").atZone(BERLIN).toInstant());
    try (RunningServer server = RunningServer.start(vertx, settings(BERLIN), clock);
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      String slug = slug(server, 0);
      int visitor = 0;
      server.reader().get("/articles/" + slug, Reader.visitor(visitor++)).await(); // 01:30 CEST
      clock.advance(Duration.ofHours(1)); // 02:30 CEST
      server.reader().get("/articles/" + slug, Reader.visitor(visitor++)).await();
      clock.advance(Duration.ofHours(1)); // 02:30 again, now CET
      server.reader().get("/articles/" + slug, Reader.visitor(visitor++)).await();
      clock.set(LocalDateTime.parse("2026-10-25T23:59:30").atZone(BERLIN).toInstant()); // Sunday, just before midnight
      server.reader().get("/articles/" + slug, Reader.visitor(visitor++)).await();
      clock.advance(Duration.ofMinutes(1)); // Monday 00:00:30: a new day and a new week
      server.reader().get("/articles/" + slug, Reader.visitor(visitor++)).await();
      server.reader().get("/articles/" + slug, Reader.visitor(visitor++)).await();
      PulseTestServer.awaitFlushed(server.app());

      JsonObject byDay = admin.getJson("/views?by=day&from=2026-10-24&to=2026-10-26", TOKEN);
      assertThat(points(byDay).stream().map(p -> ((JsonObject) p).getLong("views")).toList()).containsExactly(0L, 4L, 2L);
      assertThat(byDay.getString("timezone")).isEqualTo("Europe/Berlin");
      JsonObject byWeek = admin.getJson("/views?by=week&from=2026-10-19&to=2026-11-01", TOKEN);
      assertThat(points(byWeek).stream().map(p -> ((JsonObject) p).getString("start")).toList())
          .containsExactly("2026-10-19", "2026-10-26");
      assertThat(points(byWeek).stream().map(p -> ((JsonObject) p).getLong("views")).toList()).containsExactly(4L, 2L);
      JsonObject byHour = admin.getJson("/views?by=hour&from=2026-10-25&to=2026-10-25", TOKEN);
      JsonArray hours = points(byHour);
      assertThat(hours.getJsonObject(1).getLong("views")).as("01:00").isEqualTo(1);
      assertThat(hours.getJsonObject(2).getLong("views")).as("02:00, which happened twice").isEqualTo(2);
      assertThat(hours.getJsonObject(23).getLong("views")).as("23:00").isEqualTo(1);
      assertThat(sum(byHour, "views")).isEqualTo(4);
      JsonObject byMonth = admin.getJson("/views?by=month&from=2026-10-01&to=2026-11-30", TOKEN);
      assertThat(points(byMonth).stream().map(p -> ((JsonObject) p).getLong("views")).toList()).containsExactly(6L, 0L);
      JsonObject counters = admin.getJson("/counters", TOKEN);
      assertThat(counters.getLong("today")).isEqualTo(2);
      assertThat(counters.getLong("week")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("reversed, malformed or too large ranges get 400 with a message saying what to fix")
  void rangesAreValidated(Vertx vertx) {
    try (RunningServer server = RunningServer.start(vertx, settings(ZoneId.of("Asia/Ho_Chi_Minh")), Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      assertBadRequest(admin, "/views?from=2026-11-20&to=2026-11-01", "swap them");
      assertBadRequest(admin, "/views?by=hour&from=2026-01-01&to=2026-03-01", "at most 31");
      assertBadRequest(admin, "/views?by=day&from=2020-01-01&to=2026-01-01", "at most 366");
      assertBadRequest(admin, "/views?from=2026-13-45", "from must be a date");
      assertBadRequest(admin, "/views?from=yesterday", "from");
      assertBadRequest(admin, "/views?by=year", "by");
      assertBadRequest(admin, "/top?limit=0", "limit");
      assertBadRequest(admin, "/views?by=hour&article=" + slug(server, 0), "per day");
      assertThat(admin.get("/views?article=no-such-article", TOKEN).statusCode()).isEqualTo(404);
      // Spellings the validator accepts are answered, never with a 500.
      assertThat(admin.get("/top?limit=10.0", TOKEN).statusCode()).isEqualTo(200);
      assertThat(admin.get("/top?limit=1e1", TOKEN).statusCode()).isIn(200, 400);
      assertThat(admin.get("/views?by=%2564ay", TOKEN).statusCode()).isIn(200, 400);
      assertThat(admin.get("/baselines/audit?limit=%2531", TOKEN).statusCode()).isIn(200, 400);
    }
  }

  @Test
  @DisplayName("baselines change the totals readers see and leave an audit row")
  void baselinesAreAudited(Vertx vertx) {
    try (RunningServer server = RunningServer.start(vertx, settings(ZoneId.of("Asia/Ho_Chi_Minh")), Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      String slug = slug(server, 0);
      server.reader().get("/articles/" + slug, Reader.visitor(1)).await();
      long legacy = Sql.scalar(server.app().databaseUrl(), "SELECT legacy_views FROM pages WHERE path = '/articles/' || ?", slug);
      long demoSiteLegacy = Sql.siteLegacyViews(server.app().databaseUrl());

      HttpResponse<Buffer> site = admin.send(HttpMethod.PUT, "/baselines/site", "Bearer " + TOKEN, null,
          new JsonObject().put("legacyViews", 12_143_077));
      assertThat(site.statusCode()).isEqualTo(200);
      assertThat(site.bodyAsJsonObject()).isEqualTo(new JsonObject().put("target", "site").put("old", demoSiteLegacy).put("new", 12_143_077).put("token", "admin"));
      HttpResponse<Buffer> article = admin.send(HttpMethod.PUT, "/baselines/articles/" + slug, "Bearer " + TOKEN, null,
          new JsonObject().put("legacyViews", 895));
      assertThat(article.bodyAsJsonObject().getLong("old")).isEqualTo(legacy);

      Waits.awaitTrue(() -> server.reader().siteStats().getLong("total") == 12_143_078, "Tất cả = new baseline + 1 view");
      Waits.awaitTrue(() -> server.reader().pageViews(slug) == 896, "Lượt xem = 895 + 1 view");
      String page = server.reader().get("/articles/" + slug, Reader.visitor(1)).await().bodyAsString();
      assertThat(page).contains("data-counter=\"total\">12.143.078<").contains("data-counter=\"views\">896<");

      JsonArray changes = admin.getJson("/baselines/audit", TOKEN).getJsonArray("changes");
      assertThat(changes).hasSize(2);
      assertThat(changes.getJsonObject(0).getString("target")).isEqualTo(slug);
      assertThat(changes.getJsonObject(0).getLong("new")).isEqualTo(895);
      assertThat(changes.getJsonObject(1).getString("target")).isEqualTo("site");
      assertThat(changes.getJsonObject(1).getString("token")).isEqualTo("admin");
      assertThat(admin.getJson("/baselines", TOKEN).getLong("site")).isEqualTo(12_143_077);

      assertThat(admin.send(HttpMethod.PUT, "/baselines/site", "Bearer " + TOKEN, null, new JsonObject().put("legacyViews", -5))
          .statusCode()).isEqualTo(400);
      assertThat(admin.send(HttpMethod.PUT, "/baselines/articles/no-such-article", "Bearer " + TOKEN, null,
          new JsonObject().put("legacyViews", 5)).statusCode()).isEqualTo(404);
      assertThat(admin.getJson("/baselines/audit", TOKEN).getJsonArray("changes")).hasSize(2);
    }
  }

  @Test
  @DisplayName("titles a spreadsheet would run as formulas (spaces, line breaks, tabs, full-width signs, ;= and ,=) come out of every CSV as text")
  void csvHoldsNoFormula(Vertx vertx) {
    try (RunningServer server = RunningServer.start(vertx, settings(ZoneId.of("Asia/Ho_Chi_Minh")), Clock.systemUTC());
         AdminClient admin = new AdminClient(vertx, server.app().config().httpPort())) {
      Map<String, String> titles = new LinkedHashMap<>(); // slug -> title
      int index = 0;
      for (String title : Spreadsheets.FORMULA_TITLES.values()) {
        if (title.indexOf('\0') >= 0) {
          continue; // PostgreSQL's text cannot hold NUL: no title can start with it
        }
        String slug = slug(server, index);
        Sql.scalar(server.app().databaseUrl(), "UPDATE articles SET title = ? WHERE slug = ? RETURNING id", title, slug);
        server.reader().get("/articles/" + slug, Reader.visitor(index)).await();
        titles.put(slug, title);
        index++;
      }
      PulseTestServer.awaitFlushed(server.app());

      for (String path : List.of("/top?limit=100&format=csv", "/baselines?format=csv")) {
        String csv = admin.get(path, TOKEN).bodyAsString();
        assertThat(Spreadsheets.formulas(csv)).as("cells of %s that a spreadsheet would run", path).isEmpty();
        Map<String, List<String>> rows = new HashMap<>();
        Spreadsheets.rfc4180(csv).forEach(row -> rows.put(row.get(0), row));
        titles.forEach((slug, title) -> {
          assertThat(rows).as(path).containsKey(slug);
          assertThat(rows.get(slug).get(1).replace("'", "")).as("%s: the title of %s", path, slug).isEqualTo(title.replace("'", ""));
        });
      }
      titles.keySet().forEach(slug -> assertThat(csvRow(admin, "/top?limit=100&format=csv", slug).get(2)).isEqualTo("1"));
    }
  }

  private static List<String> csvRow(AdminClient admin, String path, String slug) {
    return Spreadsheets.rfc4180(admin.get(path, TOKEN).bodyAsString()).stream()
        .filter(row -> row.get(0).equals(slug)).findFirst().orElseThrow();
  }

  private static void assertBadRequest(AdminClient admin, String path, String hint) {
    HttpResponse<Buffer> response = admin.get(path, TOKEN);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).as(path).contains(hint);
  }

  private static String slug(RunningServer server, int index) {
    return Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1 OFFSET " + index);
  }

  private static JsonArray points(JsonObject series) {
    return series.getJsonArray("points");
  }

  private static JsonObject last(JsonObject series) {
    JsonArray points = points(series);
    return points.getJsonObject(points.size() - 1);
  }

  private static long sum(JsonObject series, String field) {
    return points(series).stream().mapToLong(p -> ((JsonObject) p).getLong(field)).sum();
  }
}
