package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.counting.FlushBatch.ArticleDay;
import org.portalpulse.counting.FlushBatch.SiteHour;
import org.portalpulse.db.SqlQueries;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Reads and writes the counters in PostgreSQL: one statement per load, one per flush. */
public final class CounterStore {
  private final Pool pool;
  private final String instanceId;

  public CounterStore(Pool pool, String instanceId) {
    this.pool = pool;
    this.instanceId = instanceId;
  }

  public Future<StoredTotals> load(LocalDate fromDay) {
    return read(SqlQueries.TOTALS, Tuple.of(fromDay));
  }

  /** As {@link #load}, with the totals of these articles only: cheap with many articles, few of them changed. */
  public Future<StoredTotals> load(LocalDate fromDay, Long[] articleIds) {
    return read(SqlQueries.TOTALS_OF_ARTICLES, Tuple.tuple().addLocalDate(fromDay).addArrayOfLong(articleIds));
  }

  private Future<StoredTotals> read(String query, Tuple parameters) {
    return pool.preparedQuery(query).execute(parameters).map(rows -> totals(rows.iterator().next()));
  }

  /** Writes the batch; succeeds with what was stored before it and whether it was new. */
  public Future<FlushOutcome> write(FlushBatch batch, LocalDate reportFromDay) {
    return pool.preparedQuery(SqlQueries.FLUSH)
        .execute(flushParameters(batch, reportFromDay))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getLong("applied") == 1) {
            return Future.succeededFuture(new FlushOutcome(true, totals(row)));
          }
          // A replay: the first attempt committed, but perhaps after this statement's snapshot was
          // taken (it waited on that attempt's lock). Read again, in a snapshot that surely includes it.
          return load(reportFromDay).map(stored -> new FlushOutcome(false, stored));
        });
  }

  public record FlushOutcome(boolean applied, StoredTotals before) {
  }

  private Tuple flushParameters(FlushBatch batch, LocalDate reportFromDay) {
    int hours = batch.siteHours().size();
    LocalDate[] hourDays = new LocalDate[hours];
    Short[] hourOfDay = new Short[hours];
    Long[] hourViews = new Long[hours];
    int i = 0;
    for (Map.Entry<SiteHour, Long> e : batch.siteHours().entrySet()) {
      hourDays[i] = e.getKey().day();
      hourOfDay[i] = (short) e.getKey().hour();
      hourViews[i++] = e.getValue();
    }

    int articleRows = batch.articleDays().size();
    LocalDate[] articleDays = new LocalDate[articleRows];
    Long[] articleIds = new Long[articleRows];
    Long[] articleViews = new Long[articleRows];
    i = 0;
    for (Map.Entry<ArticleDay, Long> e : batch.articleDays().entrySet()) {
      articleDays[i] = e.getKey().day();
      articleIds[i] = e.getKey().articleId();
      articleViews[i++] = e.getValue();
    }
    Map<Long, Long> perArticle = batch.viewsPerArticle();
    // ON CONFLICT cannot touch one row twice in a statement: totals go one row per article.
    Long[] totalIds = perArticle.keySet().toArray(Long[]::new);
    Long[] totalViews = new Long[totalIds.length];
    for (int t = 0; t < totalIds.length; t++) {
      totalViews[t] = perArticle.get(totalIds[t]);
    }

    int visitorCount = (int) batch.visitorCount();
    LocalDate[] visitorDays = new LocalDate[visitorCount];
    Short[] visitorHours = new Short[visitorCount];
    Long[] visitorIds = new Long[visitorCount];
    i = 0;
    for (Map.Entry<SiteHour, long[]> e : batch.newVisitors().entrySet()) {
      for (long id : e.getValue()) {
        visitorDays[i] = e.getKey().day();
        visitorHours[i] = (short) e.getKey().hour();
        visitorIds[i++] = id;
      }
    }

    // Built with add* one by one: Tuple.of(..., Long[]) would spread the array as varargs.
    return Tuple.tuple()
        .addUUID(batch.id())
        .addString(instanceId)
        .addLong(batch.views())
        .addArrayOfLocalDate(hourDays)
        .addArrayOfShort(hourOfDay)
        .addArrayOfLong(hourViews)
        .addArrayOfLocalDate(articleDays)
        .addArrayOfLong(articleIds)
        .addArrayOfLong(articleViews)
        .addArrayOfLong(totalIds)
        .addArrayOfLong(totalViews)
        .addArrayOfLocalDate(visitorDays)
        .addArrayOfShort(visitorHours)
        .addLocalDate(reportFromDay)
        .addArrayOfLong(visitorIds);
  }

  private static StoredTotals totals(Row row) {
    Map<LocalDate, Long> days = new HashMap<>();
    LocalDate[] dayKeys = row.getArrayOfLocalDates("days");
    Long[] dayViews = row.getArrayOfLongs("day_views");
    if (dayKeys != null) {
      for (int i = 0; i < dayKeys.length; i++) {
        days.put(dayKeys[i], dayViews[i]);
      }
    }
    Map<Long, Long> articles = new HashMap<>();
    Long[] ids = row.getArrayOfLongs("ids");
    Long[] views = row.getArrayOfLongs("article_views");
    if (ids != null) {
      for (int i = 0; i < ids.length; i++) {
        articles.put(ids[i], views[i]);
      }
    }
    return new StoredTotals(row.getLong("site_total"), days, articles);
  }
}
