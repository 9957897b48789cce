package org.portalpulse.counting;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which page an article's slug names: its path, and the id its counters are kept under. The content's
 * catalog answers; the live sockets and the admin API ask, without knowing how articles are kept.
 */
public interface ArticleLookup {
  OptionalLong idOf(String slug);

  Optional<String> pathOf(String slug);
}
