package org.portalpulse.counting;

import io.vertx.sqlclient.Tuple;
import org.portalpulse.counting.FlushBatch.PageDay;
import org.portalpulse.counting.FlushBatch.SiteHour;
import org.portalpulse.db.SqlQueries;

import java.time.LocalDate;
import java.util.Map;

/**
 * A batch as the parameters of {@link SqlQueries#FLUSH}, added in the statement's order ($1 to $15):
 * each group of columns is one method, named after the statement's comment block.
 */
final class FlushParameters {
  private final Tuple tuple = Tuple.tuple();

  private FlushParameters() {
  }

  static Tuple of(FlushBatch batch, String instanceId) {
    // Built with add* one by one: Tuple.of(..., Long[]) would spread an array as varargs.
    FlushParameters p = new FlushParameters();
    p.tuple.addUUID(batch.id()).addString(instanceId).addLong(batch.views()); // $1-$3
    p.siteHours(batch.siteHours());                                           // $4-$6
    p.pageDays(batch.pageDays());                                       // $7-$9
    p.pageTotals(batch.viewsPerPage());                                 // $10-$11
    p.newVisitors(batch.newVisitors(), (int) batch.visitorCount());          // $12-$14
    p.tuple.addArrayOfString(PeerFlush.chunks(batch, instanceId).toArray(String[]::new)); // $15
    return p.tuple;
  }

  private void siteHours(Map<SiteHour, Long> hours) {
    LocalDate[] days = new LocalDate[hours.size()];
    Short[] hourOfDay = new Short[hours.size()];
    Long[] views = new Long[hours.size()];
    int i = 0;
    for (Map.Entry<SiteHour, Long> e : hours.entrySet()) {
      days[i] = e.getKey().day();
      hourOfDay[i] = (short) e.getKey().hour();
      views[i++] = e.getValue();
    }
    tuple.addArrayOfLocalDate(days).addArrayOfShort(hourOfDay).addArrayOfLong(views);
  }

  private void pageDays(Map<PageDay, Long> pageDays) {
    LocalDate[] days = new LocalDate[pageDays.size()];
    Long[] ids = new Long[pageDays.size()];
    Long[] views = new Long[pageDays.size()];
    int i = 0;
    for (Map.Entry<PageDay, Long> e : pageDays.entrySet()) {
      days[i] = e.getKey().day();
      ids[i] = e.getKey().pageId();
      views[i++] = e.getValue();
    }
    tuple.addArrayOfLocalDate(days).addArrayOfLong(ids).addArrayOfLong(views);
  }

  /** ON CONFLICT cannot touch one row twice in a statement: totals go one row per page. */
  private void pageTotals(Map<Long, Long> perPage) {
    Long[] ids = perPage.keySet().toArray(Long[]::new);
    Long[] views = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      views[i] = perPage.get(ids[i]);
    }
    tuple.addArrayOfLong(ids).addArrayOfLong(views);
  }

  private void newVisitors(Map<SiteHour, long[]> visitors, int count) {
    LocalDate[] days = new LocalDate[count];
    Short[] hours = new Short[count];
    Long[] ids = new Long[count];
    int i = 0;
    for (Map.Entry<SiteHour, long[]> e : visitors.entrySet()) {
      for (long id : e.getValue()) {
        days[i] = e.getKey().day();
        hours[i] = (short) e.getKey().hour();
        ids[i++] = id;
      }
    }
    tuple.addArrayOfLocalDate(days).addArrayOfShort(hours).addArrayOfLong(ids);
  }
}
