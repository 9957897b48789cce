package org.portalpulse.presence;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * The visitors with a page open on this instance (their presence keys), counted per page, across
 * event loops: what keeps them online here while a page stays open.
 */
final class OpenPages {
  private final ConcurrentHashMap<Long, Integer> pages = new ConcurrentHashMap<>();

  void opened(long visitorKey) {
    pages.merge(visitorKey, 1, Integer::sum);
  }

  void closed(long visitorKey) {
    pages.computeIfPresent(visitorKey, (key, count) -> count == 1 ? null : count - 1);
  }

  void forEachVisitor(LongConsumer action) {
    pages.keySet().forEach(action::accept);
  }
}
