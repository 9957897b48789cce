package org.portalpulse.live;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Vertx;
import org.portalpulse.counting.CounterReader;
import org.portalpulse.counting.SiteCounters;
import org.portalpulse.pages.PageDirectory;
import org.portalpulse.presence.Presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live sockets of one event loop, and its ticks: every push interval, each socket whose numbers
 * changed gets one frame, and a peer that has read nothing for seconds is dropped; every ping interval,
 * a socket that did not answer the last ping is closed.
 * Each reader's socket tells presence that their page is open, then closed. Only this event loop
 * touches it.
 */
final class LiveSockets {
  /** A client that is not reading its frames gets no more until it catches up; nothing piles up for it. */
  static final int WRITE_QUEUE_BYTES = 2_048;
  /** RFC 6455 "going away": for a server that stops, and for a peer that stopped answering pings. */
  static final short GOING_AWAY = 1001;

  private final Vertx vertx;
  private final CounterReader counters;
  private final PageDirectory pages;
  private final LiveMetrics metrics;
  private final Presence presence;
  private long pushIntervalNanos;
  private long nextPushDueNanos;
  private long ticks;
  private final Set<StatsSocket> sockets = new LinkedHashSet<>();
  private final List<Long> timers = new ArrayList<>();

  LiveSockets(Vertx vertx, CounterReader counters, PageDirectory pages, LiveMetrics metrics, Presence presence) {
    this.vertx = vertx;
    this.counters = counters;
    this.pages = pages;
    this.metrics = metrics;
    this.presence = presence;
  }

  /** Starts the ticks; call on this event loop's context. */
  void start(Duration pushInterval, Duration pingInterval) {
    pushIntervalNanos = pushInterval.toNanos();
    nextPushDueNanos = System.nanoTime() + pushIntervalNanos;
    timers.add(vertx.setPeriodic(pushInterval.toMillis(), id -> push()));
    timers.add(vertx.setPeriodic(pingInterval.toMillis(), id -> ping()));
  }

  /** Closes every socket as "going away", so pages reconnect, to another instance if this one is leaving. */
  void stop() {
    timers.forEach(vertx::cancelTimer);
    long now = System.nanoTime();
    for (StatsSocket s : List.copyOf(sockets)) {
      s.close(GOING_AWAY, "Server stopping", now);
    }
  }

  /** Registers an accepted socket and sends it the numbers at once. */
  void add(StatsSocket s) {
    s.joinedAtTick = ticks;
    sockets.add(s);
    metrics.opened();
    s.visitor.ifPresent(presence::pageOpened);
    LiveFrame first = frameFor(counters.site(), s.pageId);
    send(s, first, first.toSharedBytes());
    metrics.firstFramePushed();
  }

  void remove(StatsSocket s) {
    if (sockets.remove(s)) {
      metrics.closed();
      s.visitor.ifPresent(presence::pageClosed);
    }
  }

  /**
   * One tick: the site's numbers read once, each distinct frame serialised once for every socket that
   * shows it. It also drops the peers that read nothing: no close frame can reach them.
   */
  private void push() {
    long due = nextPushDueNanos;
    long now = System.nanoTime();
    nextPushDueNanos = Math.max(due + pushIntervalNanos, now);
    long tick = ticks++;
    if (sockets.isEmpty()) {
      return;
    }
    SiteCounters site = counters.site();
    Map<Long, Encoded> frames = new HashMap<>();
    List<StatsSocket> dropped = new ArrayList<>();
    int written = 0;
    for (StatsSocket s : sockets) {
      if (s.unreachable(now)) {
        dropped.add(s);
        continue;
      }
      if (s.closing()) {
        continue;
      }
      if (s.pageId == PageDirectory.SITE_ONLY && s.page != null) {
        s.pageId = pages.idOf(s.page).orElse(PageDirectory.SITE_ONLY);
      }
      Encoded encoded = frames.computeIfAbsent(s.pageId, id -> new Encoded(frameFor(site, id)));
      // A socket that joined since the last tick had its first frame less than an interval ago.
      boolean justJoined = s.joinedAtTick == tick;
      if (!justJoined && !encoded.frame.equals(s.lastSent) && !s.outboundFull()) {
        send(s, encoded.frame, encoded.bytes());
        written++;
      }
    }
    dropped.forEach(s -> WebSocketFrames.drop(s.socket));
    metrics.pushed(written, due, System.nanoTime());
  }

  private void ping() {
    long now = System.nanoTime();
    for (StatsSocket s : List.copyOf(sockets)) {
      if (!s.closing() && !s.ping()) {
        s.close(GOING_AWAY, "No answer to ping", now);
      }
    }
  }

  private LiveFrame frameFor(SiteCounters site, long pageId) {
    return LiveFrame.of(site, pageId > 0 ? counters.pageViews(pageId) : LiveFrame.NO_PAGE_COUNT);
  }

  private static void send(StatsSocket s, LiveFrame frame, ByteBuf bytes) {
    s.lastSent = frame;
    s.socket.writeFrame(WebSocketFrames.text(bytes.duplicate()));
  }

  /** A tick's frame for one kind of page, its bytes built on first use. */
  private static final class Encoded {
    final LiveFrame frame;
    private ByteBuf bytes;

    Encoded(LiveFrame frame) {
      this.frame = frame;
    }

    ByteBuf bytes() {
      if (bytes == null) {
        bytes = frame.toSharedBytes();
      }
      return bytes;
    }
  }
}
