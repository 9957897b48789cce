package org.portalpulse.content;

import java.util.List;

/** {@code countedByScript}: the page loads /pulse.js, which counts its view, rather than being counted when served. */
public record HomePage(List<Article> articles, int page, int pageCount, ShownNumbers numbers, boolean countedByScript,
                       PageMeta meta) {

  public boolean hasNewer() {
    return page > 1;
  }

  public boolean hasOlder() {
    return page < pageCount;
  }
}
