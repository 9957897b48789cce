package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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

  /** As {@link #load}, with the totals of these pages only: cheap with many pages, few of them changed. */
  public Future<StoredTotals> load(LocalDate fromDay, Long[] pageIds) {
    return read(SqlQueries.TOTALS_OF_PAGES, Tuple.tuple().addLocalDate(fromDay).addArrayOfLong(pageIds));
  }

  private Future<StoredTotals> read(String query, Tuple parameters) {
    return pool.preparedQuery(query).execute(parameters).map(rows -> totals(rows.iterator().next()));
  }

  /** Writes the batch; succeeds with what was stored before it and whether it was new. */
  public Future<FlushOutcome> write(FlushBatch batch, LocalDate reportFromDay) {
    return pool.preparedQuery(SqlQueries.FLUSH)
        .execute(FlushParameters.of(batch, instanceId, reportFromDay))
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

  private static StoredTotals totals(Row row) {
    Map<LocalDate, Long> days = new HashMap<>();
    LocalDate[] dayKeys = row.getArrayOfLocalDates("days");
    Long[] dayViews = row.getArrayOfLongs("day_views");
    if (dayKeys != null) {
      for (int i = 0; i < dayKeys.length; i++) {
        days.put(dayKeys[i], dayViews[i]);
      }
    }
    Map<Long, Long> pages = new HashMap<>();
    Long[] ids = row.getArrayOfLongs("ids");
    Long[] views = row.getArrayOfLongs("page_views");
    if (ids != null) {
      for (int i = 0; i < ids.length; i++) {
        pages.put(ids[i], views[i]);
      }
    }
    return new StoredTotals(row.getLong("site_total"), days, pages);
  }
}
