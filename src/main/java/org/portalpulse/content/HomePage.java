package org.portalpulse.content;

import org.portalpulse.counting.SiteCounters;

import java.util.List;

public record HomePage(List<Article> articles, int page, int pageCount, SiteCounters counters) {

  public boolean hasNewer() {
    return page > 1;
  }

  public boolean hasOlder() {
    return page < pageCount;
  }
}
