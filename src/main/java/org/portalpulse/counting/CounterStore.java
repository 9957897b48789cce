package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Reads and writes the counters in PostgreSQL: one statement per read, one per flush. */
public final class CounterStore {
  private final Pool pool;
  private final String instanceId;

  public CounterStore(Pool pool, String instanceId) {
    this.pool = pool;
    this.instanceId = instanceId;
  }

  public Future<StoredTotals> load(LocalDate fromDay) {
    return pool.preparedQuery(SqlQueries.TOTALS).execute(Tuple.of(fromDay)).map(rows -> totals(rows.iterator().next()));
  }

  /** Writes the batch and tells the other instances what it added; succeeds with whether it was new. */
  public Future<FlushOutcome> write(FlushBatch batch) {
    return pool.preparedQuery(SqlQueries.FLUSH)
        .execute(FlushParameters.of(batch, instanceId))
        .map(rows -> {
          Row row = rows.iterator().next();
          boolean applied = row.getLong("applied") == 1;
          return new FlushOutcome(applied, applied ? Long.parseLong(row.getString("xid")) : -1);
        });
  }

  /**
   * {@code xid} is the transaction that applied the batch (its notifications carry it), or -1 when an
   * earlier attempt had.
   */
  public record FlushOutcome(boolean applied, long xid) {
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
    return new StoredTotals(row.getLong("site_total"), days, pages, XactSnapshot.parse(row.getString("snapshot")));
  }
}
