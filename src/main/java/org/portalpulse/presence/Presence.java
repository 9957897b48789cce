package org.portalpulse.presence;

import io.vertx.core.Deployable;
import io.vertx.sqlclient.Pool;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.db.DatabaseReachability;

import java.time.Duration;
import java.util.List;
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
  /**
   * A page's socket opens within a second or two of its view, even on a slow phone; ten seconds leaves
   * room, and a longer span would mistake an earlier page's view for this one's.
   */
  private static final long VIEW_BEFORE_SOCKET_MILLIS = 10_000;

  private final OnlineVisitors visitors;
  private final OpenPages openPages = new OpenPages();
  private final Announcements announcements = new Announcements();
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

  /**
   * The visitor opened a page (a live socket): online at once, and for as long as a page stays open.
   * Unless this instance served them a view just now (most likely of this very page), another did, and
   * is told so ({@link Announcements}).
   */
  public void pageOpened(long visitorKey) {
    long now = clockMillis.getAsLong();
    boolean viewedHere = visitors.viewedHereSince(visitorKey, now - VIEW_BEFORE_SOCKET_MILLIS, now);
    visitors.hasOpenPage(visitorKey, now);
    openPages.opened(visitorKey);
    if (!viewedHere) {
      announcements.add(visitorKey);
    }
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
  public Deployable sharing(Pool pool, PostgresUrl url, String instanceId, DatabaseReachability database) {
    return new PresenceSharing(this, pool, url, instanceId, database);
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

  /** The visitors to announce to the other instances since the last share. */
  List<String> announcements() {
    return announcements.drain();
  }

  long onlineHere() {
    return visitors.count();
  }

  /**
   * This visitor opened a page on another instance, which counts them from now on for as long as it
   * stays open: if this instance knows them (from a page view), it keeps them only for the grace period.
   */
  void openElsewhere(long visitorKey) {
    visitors.hasOpenPageElsewhere(visitorKey, clockMillis.getAsLong());
  }

  /** Distinct visitors online across every instance, as the images just shared count them. */
  void onlineEverywhere(long online) {
    count.shared(online, clockMillis.getAsLong());
  }
}
