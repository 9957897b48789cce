package org.portalpulse.content;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.ListenConnection;
import org.portalpulse.db.SqlQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps {@link CurrentCatalog} current on every instance: an article created, changed or withdrawn
 * anywhere is announced on {@link SqlQueries#ARTICLES_CHANGED_CHANNEL} with its page id, and this
 * instance re-reads that article and swaps in a new catalog. One read at a time; changes announced
 * meanwhile are read together by the next, so an import of a thousand items costs a few reads. On
 * every (re)subscription, when notifications may have been missed, everything is re-read, and so every
 * {@value #UNHEARD_REREAD_SECONDS} s while notifications cannot be heard.
 */
public final class ArticleChanges extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ArticleChanges.class);
  private static final long RETRY_MILLIS = 1_000;
  private static final long UNHEARD_REREAD_SECONDS = 30;

  private final PostgresUrl url;
  private final ArticleLoader loader;
  private final CurrentCatalog catalog;
  private final Set<Long> pendingPages = new HashSet<>();
  private boolean everythingPending;
  private boolean reading;
  private ListenConnection connection;
  private long unheardTimer = -1;

  public ArticleChanges(PostgresUrl url, Pool pool, ZoneId zone, CurrentCatalog catalog) {
    this.url = url;
    this.loader = new ArticleLoader(pool, zone);
    this.catalog = catalog;
  }

  @Override
  public Future<?> start() {
    connection = new ListenConnection(vertx, url, SqlQueries.ARTICLES_CHANGED_CHANNEL,
        "articles published or changed on other instances show here within " + UNHEARD_REREAD_SECONDS + " s",
        v -> changed(null), this::announced);
    unheardTimer = vertx.setPeriodic(UNHEARD_REREAD_SECONDS * 1_000, id -> {
      if (!connection.listening()) {
        changed(null);
      }
    });
    return connection.start();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(unheardTimer);
    return connection.stop();
  }

  private void announced(String payload) {
    try {
      changed(Long.parseLong(payload.strip()));
    } catch (NumberFormatException e) {
      changed(null); // not ours to understand: re-read everything rather than miss a change
    }
  }

  /** {@code pageId} null: any article may have changed. */
  private void changed(Long pageId) {
    if (pageId == null) {
      everythingPending = true;
    } else {
      pendingPages.add(pageId);
    }
    readPending();
  }

  private void readPending() {
    if (reading || (!everythingPending && pendingPages.isEmpty())) {
      return;
    }
    reading = true;
    Future<Void> read;
    if (everythingPending) {
      read = loader.all().map(all -> {
        catalog.update(old -> all);
        return null;
      });
    } else {
      Set<Long> pages = Set.copyOf(pendingPages);
      read = loader.ofPages(pages.toArray(Long[]::new)).map(published -> {
        catalog.update(old -> old.with(pages, published));
        return null;
      });
    }
    everythingPending = false;
    pendingPages.clear();
    read.onComplete(done -> {
      reading = false;
      if (done.succeeded()) {
        readPending();
      } else {
        LOG.warn("Could not re-read the changed articles ({}); trying again in {} ms", done.cause().getMessage(), RETRY_MILLIS);
        everythingPending = true;
        vertx.setTimer(RETRY_MILLIS, t -> readPending());
      }
    });
  }
}
