package org.portalpulse.admin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import org.portalpulse.counting.SiteCalendar;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the stored counters for the admin API and groups them into buckets of the site's calendar. */
final class StatsQueries {
  private final Pool pool;
  private final SiteCalendar calendar;

  StatsQueries(Pool pool, SiteCalendar calendar) {
    this.pool = pool;
    this.calendar = calendar;
  }

  Future<List<SeriesPoint>> siteSeries(Bucket bucket, DateRange range) {
    Tuple days = Tuple.of(range.from(), range.to());
    if (bucket == Bucket.HOUR) {
      Future<Map<String, Long>> views = pool.preparedQuery(SqlQueries.SITE_VIEWS_BY_HOUR).execute(days)
          .map(rows -> byHour(rows, "views"));
      Future<Map<String, Long>> visitors = pool.preparedQuery(SqlQueries.VISITORS_BY_HOUR).execute(days)
          .map(rows -> byHour(rows, "visitors"));
      return Future.all(views, visitors).map(v -> hourly(range, views.result(), visitors.result()));
    }
    Future<Map<LocalDate, Long>> views = pool.preparedQuery(SqlQueries.SITE_VIEWS_BY_DAY).execute(days)
        .map(rows -> byDay(rows, "views"));
    Future<Map<LocalDate, Long>> visitors = pool.preparedQuery(SqlQueries.VISITORS_BY_DAY).execute(days)
        .map(rows -> byDay(rows, "visitors"));
    return Future.all(views, visitors).map(v -> buckets(bucket, range, views.result(), visitors.result()));
  }

  Future<List<SeriesPoint>> pageSeries(long pageId, Bucket bucket, DateRange range) {
    return pool.preparedQuery(SqlQueries.PAGE_VIEWS_BY_DAY)
        .execute(Tuple.of(pageId, range.from(), range.to()))
        .map(rows -> buckets(bucket, range, byDay(rows, "views"), Map.of()));
  }

  Future<List<TopPage>> top(DateRange range, int limit) {
    return pool.preparedQuery(SqlQueries.TOP_PAGES)
        .execute(Tuple.of(range.from(), range.to(), limit))
        .map(rows -> {
          List<TopPage> top = new ArrayList<>();
          rows.forEach(row -> top.add(new TopPage(row.getString("path"), row.getString("title"),
              Optional.ofNullable(row.getString("slug")), row.getLong("views"))));
          return top;
        });
  }

  Future<Long> visitorsOn(LocalDate day) {
    return pool.preparedQuery(SqlQueries.VISITORS_BY_DAY).execute(Tuple.of(day, day))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("visitors"));
  }

  /** A page among the most viewed; {@code slug} when it is one of our articles. */
  record TopPage(String path, String title, Optional<String> slug, long views) {
  }

  /** Every bucket of the range, empty ones included, summing the days of the range it holds. */
  private List<SeriesPoint> buckets(Bucket bucket, DateRange range, Map<LocalDate, Long> views, Map<LocalDate, Long> visitors) {
    Map<LocalDate, long[]> sums = new LinkedHashMap<>();
    for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
      long[] sum = sums.computeIfAbsent(bucket.startOf(day, calendar), start -> new long[2]);
      sum[0] += views.getOrDefault(day, 0L);
      sum[1] += visitors.getOrDefault(day, 0L);
    }
    List<SeriesPoint> points = new ArrayList<>(sums.size());
    sums.forEach((start, sum) -> points.add(new SeriesPoint(start.toString(), sum[0], sum[1])));
    return points;
  }

  private static List<SeriesPoint> hourly(DateRange range, Map<String, Long> views, Map<String, Long> visitors) {
    List<SeriesPoint> points = new ArrayList<>();
    for (LocalDate day = range.from(); !day.isAfter(range.to()); day = day.plusDays(1)) {
      for (int hour = 0; hour < 24; hour++) {
        String start = hourStart(day, hour);
        points.add(new SeriesPoint(start, views.getOrDefault(start, 0L), visitors.getOrDefault(start, 0L)));
      }
    }
    return points;
  }

  private static String hourStart(LocalDate day, int hour) {
    return day + "T" + (hour < 10 ? "0" : "") + hour + ":00";
  }

  private static Map<String, Long> byHour(RowSet<Row> rows, String column) {
    Map<String, Long> values = new HashMap<>();
    rows.forEach(row -> values.put(hourStart(row.getLocalDate("day"), row.getShort("hour")), row.getLong(column)));
    return values;
  }

  private static Map<LocalDate, Long> byDay(RowSet<Row> rows, String column) {
    Map<LocalDate, Long> values = new HashMap<>();
    rows.forEach(row -> values.put(row.getLocalDate("day"), row.getLong(column)));
    return values;
  }
}
