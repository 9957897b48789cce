package org.portalpulse.counting;

import org.portalpulse.db.SqlQueries;

import java.util.Arrays;
import java.util.Optional;

/**
 * What another instance's notification says changed: the site's totals, and the totals of the
 * pages it names, or of any page when it names none (a baseline change, a big batch, or a
 * notification that may have been missed). See {@link SqlQueries#PEER_FLUSHED_CHANNEL}.
 */
record PeerFlush(boolean anyPage, long[] pages) {
  static final PeerFlush ANY_PAGE = new PeerFlush(true, new long[0]);

  /** The notification, or empty when this instance sent it itself. */
  static Optional<PeerFlush> parse(String payload, String ownInstanceId) {
    int colon = payload.indexOf(':');
    String instance = colon < 0 ? payload : payload.substring(0, colon);
    if (instance.equals(ownInstanceId)) {
      return Optional.empty();
    }
    if (colon < 0) {
      return Optional.of(ANY_PAGE);
    }
    String ids = payload.substring(colon + 1);
    try {
      return Optional.of(new PeerFlush(false, ids.isEmpty() ? new long[0]
          : Arrays.stream(ids.split(",")).mapToLong(Long::parseLong).toArray()));
    } catch (NumberFormatException e) {
      return Optional.of(ANY_PAGE); // not ours to understand: re-read everything rather than miss a change
    }
  }
}
