package org.portalpulse.counting;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Views counted since the previous batch, merged per key. The id travels with the rows, so sending
 * the same batch twice is harmless.
 */
public record FlushBatch(
    UUID id,
    Map<SiteHour, Long> siteHours,
    Map<PageDay, Long> pageDays,
    Map<SiteHour, long[]> newVisitors) {

  public record SiteHour(LocalDate day, int hour) {
  }

  public record PageDay(LocalDate day, long pageId) {
  }

  public long views() {
    return siteHours.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Views and visitors both: a batch may carry only visitor ids left over from a bigger one. */
  public boolean isEmpty() {
    return siteHours.isEmpty() && pageDays.isEmpty() && newVisitors.isEmpty();
  }

  /** Views per page, over all days of the batch. */
  public Map<Long, Long> viewsPerPage() {
    Map<Long, Long> perPage = new HashMap<>();
    pageDays.forEach((key, views) -> perPage.merge(key.pageId(), views, Long::sum));
    return perPage;
  }

  /** Views per local day. */
  public Map<LocalDate, Long> viewsPerDay() {
    Map<LocalDate, Long> perDay = new HashMap<>();
    siteHours.forEach((key, views) -> perDay.merge(key.day(), views, Long::sum));
    return perDay;
  }

  public long visitorCount() {
    return newVisitors.values().stream().mapToLong(ids -> ids.length).sum();
  }
}
