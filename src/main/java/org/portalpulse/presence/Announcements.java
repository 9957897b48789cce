package org.portalpulse.presence;

import org.agrona.collections.LongHashSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Visitors who opened a page here after a view that another instance most likely served (none here in
 * the last few seconds), to be announced to the others: an instance that knows such a visitor only from
 * that view lets them go within the grace period, since this one now counts them for as long as their
 * page stays open. Behind a load balancer that sends a reader's page and socket to the same instance,
 * there is next to nothing to announce.
 *
 * <p>Bounded per share: past the bound a visitor is not announced, and stays online on the instance
 * that served their view until its window closes, as a reader without JavaScript does.
 */
final class Announcements {
  static final int MAX_PER_SHARE = 50_000;
  /** PostgreSQL refuses a payload of 8 000 bytes or more; the instance id and a space come first. */
  private static final int PAYLOAD_BYTES = 7_800;

  /** A set: a reader whose socket reconnects, or who opens five tabs, is announced once. */
  private final LongHashSet pending = new LongHashSet();

  synchronized void add(long visitorKey) {
    if (pending.size() < MAX_PER_SHARE) {
      pending.add(visitorKey);
    }
  }

  /** Takes every pending key, as payloads of comma-separated hex (without the instance id). */
  List<String> drain() {
    long[] keys;
    synchronized (this) {
      if (pending.isEmpty()) {
        return List.of();
      }
      keys = new long[pending.size()];
      LongHashSet.LongIterator each = pending.iterator();
      for (int i = 0; i < keys.length; i++) {
        keys[i] = each.nextValue();
      }
      pending.clear();
    }
    List<String> payloads = new ArrayList<>();
    StringBuilder payload = new StringBuilder(PAYLOAD_BYTES);
    for (long key : keys) {
      String hex = Long.toHexString(key);
      if (payload.length() + hex.length() + 1 > PAYLOAD_BYTES) {
        payloads.add(payload.toString());
        payload.setLength(0);
      }
      if (!payload.isEmpty()) {
        payload.append(',');
      }
      payload.append(hex);
    }
    payloads.add(payload.toString());
    return payloads;
  }

  /**
   * Reads a notification: calls {@code each} with every key another instance announced; nothing for
   * this instance's own, or for a payload that is not one of ours.
   */
  static void read(String notification, String ownInstanceId, LongConsumer each) {
    int space = notification.indexOf(' ');
    if (space <= 0 || notification.regionMatches(0, ownInstanceId, 0, space) && space == ownInstanceId.length()) {
      return;
    }
    int from = space + 1;
    while (from < notification.length()) {
      int comma = notification.indexOf(',', from);
      int to = comma < 0 ? notification.length() : comma;
      try {
        each.accept(Long.parseUnsignedLong(notification, from, to, 16));
      } catch (NumberFormatException e) {
        return; // not ours: nothing more to read in it
      }
      from = to + 1;
    }
  }
}
