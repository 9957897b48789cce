package org.portalpulse.pages;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.portalpulse.config.EmbedSettings;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Every page of the site by its normalised path, and the id its counters are kept under. Held in
 * memory, so finding a known page never waits on PostgreSQL; a new page is made with one statement,
 * within {@link NewPageAllowance}: any outsider can make up paths, and each one kept costs a row and
 * an entry here.
 */
public final class PageDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(PageDirectory.class);
  /** What a view is counted under when its page has no id: the site's counters only. */
  public static final long SITE_ONLY = 0;

  private final Pool pool;
  private final ConcurrentHashMap<String, Long> ids;
  // One statement per new path, however many of its views arrive before it answers.
  private final ConcurrentHashMap<String, Future<Long>> inFlight = new ConcurrentHashMap<>();
  private final NewPageAllowance allowance;
  private final PageTitles titles = new PageTitles();
  private final LongAdder refused = new LongAdder();
  private final LongAdder unreachable = new LongAdder();

  PageDirectory(Pool pool, ConcurrentHashMap<String, Long> ids, NewPageAllowance allowance) {
    this.pool = pool;
    this.ids = ids;
    this.allowance = allowance;
  }

  /** Reads every page of the site, once, before anything is counted. */
  public static Future<PageDirectory> load(Pool pool, EmbedSettings settings, LongSupplier millis) {
    return pool.query(SqlQueries.ALL_PAGES).execute().map(rows -> {
      ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>(Math.max(16, rows.size() * 2));
      for (Row row : rows) {
        ids.put(row.getString("path"), row.getLong("id"));
      }
      return new PageDirectory(pool, ids, new NewPageAllowance(settings.newPagesPerHour(), settings.maxPages(), millis));
    });
  }

  /** The page at {@code path}, if it exists; never makes one. */
  public OptionalLong idOf(String path) {
    Long id = ids.get(path);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /**
   * The id of the page at {@code path}, made now if it is new and the site may gain a page;
   * {@link #SITE_ONLY} when it may not, or when PostgreSQL cannot make it now. Never fails.
   */
  public Future<Long> idFor(String path, String title) {
    Long known = ids.get(path);
    if (known != null) {
      titles.reported(known, title);
      return Future.succeededFuture(known);
    }
    Promise<Long> making = Promise.promise();
    Future<Long> pending = inFlight.putIfAbsent(path, making.future());
    if (pending != null) {
      return pending;
    }
    if (!allowance.tryTake(ids.size() + inFlight.size() - 1)) {
      inFlight.remove(path);
      refused.increment();
      making.complete(SITE_ONLY);
      return making.future();
    }
    pool.preparedQuery(SqlQueries.ENSURE_PAGE).execute(Tuple.of(path, title))
        .map(rows -> {
          long id = rows.iterator().next().getLong("id");
          ids.put(path, id);
          return id;
        })
        .otherwise(err -> {
          // Counted for the site now; the page is made at a later view, once PostgreSQL answers.
          unreachable.increment();
          allowance.giveBack();
          LOG.debug("Could not make the page {}: {}", path, err.getMessage());
          return SITE_ONLY;
        })
        .onComplete(made -> {
          inFlight.remove(path);
          making.complete(made.result());
        });
    return making.future();
  }

  /** Writes the titles pages reported since the last call, in one statement. */
  public Future<Void> writeTitles() {
    return titles.write(pool);
  }

  /** Pages the site holds. */
  public int size() {
    return ids.size();
  }

  /** Views whose new page was refused by the allowance since start: counted for the site only. */
  public long refused() {
    return refused.sum();
  }

  /** Views whose new page PostgreSQL could not make since start: counted for the site only. */
  public long unreachable() {
    return unreachable.sum();
  }
}
