package org.portalpulse.presence;

import io.vertx.core.Deployable;
import io.vertx.sqlclient.Pool;
import org.portalpulse.db.DatabaseReachability;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Who is "Đang online": what counting and the live sockets tell about visitors, and the one number
 * every page shows. A visitor is known by their presence key, the same on every instance (see
 * {@code VisitorHasher}), so a reader with pages open on two instances is one visitor.
 *
 * <p>A visitor is online for the online window after a page view, and for as long as they have a
 * page open, plus a few seconds. The instances agree on the number through PostgreSQL
 * ({@link #sharing}); {@link #upkeep} lets visitors who left go and keeps those with open pages.
 */
public final class Presence {
  private final OnlineVisitors visitors;
  private final OpenPages openPages = new OpenPages();
  private final OnlineCount count;
  private final LongSupplier clockMillis;

  public Presence(Duration onlineWindow, LongSupplier clockMillis) {
    this.visitors = new OnlineVisitors(onlineWindow);
    this.clockMillis = clockMillis;
    this.count = new OnlineCount(visitors::count, clockMillis);
  }

  /**
   * The visitor viewed a page, in the hour starting at {@code hourStartMillis}; {@code counted} is
   * false for a reload. Says whether the visitor is new here, and whether a counted view is their
   * first of the hour this instance knows of (counting then records them as a visitor of the hour):
   * kept here so that a view costs one look-up in one table, not two. {@code nowMillis} is the view's
   * own time, the one its hour and its de-duplication were judged at.
   */
  public Sighting viewed(long visitorKey, long hourStartMillis, long nowMillis, boolean counted) {
    return visitors.seen(visitorKey, hourStartMillis, nowMillis, counted);
  }

  /** A visitor whose view was not counted after all (not yet proven a reader): not online, not known. */
  public void forget(long visitorKey, long nowMillis) {
    visitors.forget(visitorKey, nowMillis);
  }

  /** The visitor opened a page (a live socket): online at once, and for as long as a page stays open. */
  public void pageOpened(long visitorKey) {
    visitors.hasOpenPage(visitorKey, clockMillis.getAsLong());
    openPages.opened(visitorKey);
  }

  /** One of the visitor's pages closed; with their last one, they leave within a few seconds. */
  public void pageClosed(long visitorKey) {
    openPages.closed(visitorKey);
  }

  /** "Đang online": distinct visitors across every instance. */
  public long online() {
    return count.current();
  }

  /** Sweeps out visitors who left and confirms those with pages open; deploy on a worker of its own. */
  public Deployable upkeep() {
    return new PresenceUpkeep(this);
  }

  /** Agrees on the number with the other instances; deploy on a worker of its own. */
  public Deployable sharing(Pool pool, String instanceId, DatabaseReachability database) {
    return new PresenceSharing(this, pool, instanceId, database);
  }

  void forgetOffline() {
    visitors.forgetExpired(clockMillis.getAsLong());
  }

  void confirmOpenPages() {
    long now = clockMillis.getAsLong();
    openPages.forEachVisitor(key -> visitors.hasOpenPage(key, now));
  }

  /** Who is online here, for sharing with the others. */
  long[] presentHere() {
    return visitors.present(clockMillis.getAsLong());
  }

  Long[] openPagesHere() {
    return openPages.visitorKeys();
  }

  long onlineHere() {
    return visitors.count();
  }

  /**
   * These visitors have a page open on another instance: those this instance knows (from a page
   * view) are kept only as long as that page, as if it were open here.
   */
  void openElsewhere(Long[] visitorKeys) {
    long now = clockMillis.getAsLong();
    for (Long key : visitorKeys) {
      visitors.hasOpenPageElsewhere(key, now);
    }
  }

  /** Distinct visitors online across every instance, as PostgreSQL just counted them. */
  void onlineEverywhere(long online) {
    count.shared(online, clockMillis.getAsLong());
  }
}
