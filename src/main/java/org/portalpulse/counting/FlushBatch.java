package org.portalpulse.counting;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * Views counted since the previous batch, merged per key. The id travels with the rows, so sending
 * the same batch twice is harmless.
 */
public record FlushBatch(
    UUID id,
    Map<SiteHour, Long> siteHours,
    Map<ArticleDay, Long> articleDays,
    Map<SiteHour, long[]> newVisitors) {

  public record SiteHour(LocalDate day, int hour) {
  }

  public record ArticleDay(LocalDate day, long articleId) {
  }

  public long views() {
    return siteHours.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Views and visitors both: a batch may carry only visitor ids left over from a bigger one. */
  public boolean isEmpty() {
    return siteHours.isEmpty() && articleDays.isEmpty() && newVisitors.isEmpty();
  }

  public long visitorCount() {
    return newVisitors.values().stream().mapToLong(ids -> ids.length).sum();
  }
}
