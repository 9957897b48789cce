package org.portalpulse.pages;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.db.SqlQueries;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The titles pages report, kept until the next write: one statement every few seconds for all of
 * them, not one per view. Bounded: past {@link #CAPACITY} pages waiting, a title waits for a later
 * report of its page.
 */
final class PageTitles {
  static final int CAPACITY = 10_000;

  private final ConcurrentHashMap<Long, String> reported = new ConcurrentHashMap<>();

  void reported(long pageId, String title) {
    if (title.isEmpty() || (reported.size() >= CAPACITY && !reported.containsKey(pageId))) {
      return;
    }
    reported.put(pageId, title);
  }

  /** Writes the titles reported since the last write; those PostgreSQL did not take are reported again later. */
  Future<Void> write(Pool pool) {
    if (reported.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = reported.keySet().toArray(Long[]::new);
    String[] titles = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      titles[i] = reported.get(ids[i]);
      // Only what is sent is let go: a title reported meanwhile stays for the next write.
      reported.remove(ids[i], titles[i]);
    }
    return pool.preparedQuery(SqlQueries.UPDATE_TITLES)
        .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfString(titles))
        .mapEmpty();
  }
}
