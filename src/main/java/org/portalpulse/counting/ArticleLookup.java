package org.portalpulse.counting;

import java.util.OptionalLong;

/**
 * Which article a slug names, by the id its counters are kept under. The content's catalog answers;
 * the live sockets and the admin API ask, without knowing how articles are kept.
 */
@FunctionalInterface
public interface ArticleLookup {
  OptionalLong idOf(String slug);
}
