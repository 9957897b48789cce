package org.portalpulse.counting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.portalpulse.counting.FlushBatch.SiteHour;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Visitor ids wait for PostgreSQL in bounded batches, each once per hour")
class DailyVisitorsTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-29");

  @Test
  @DisplayName("A visitor seen again in the same hour is queued once; in the next hour, again")
  void oncePerHour() {
    DailyVisitors visitors = new DailyVisitors();
    HourSlot nine = new HourSlot(DAY, 9, 0, 3_600_000);
    HourSlot ten = new HourSlot(DAY, 10, 3_600_000, 7_200_000);
    VisitorId reader = new VisitorId(42, 7);
    visitors.seen(nine, reader, 10);
    visitors.seen(nine, reader, 20);
    visitors.seen(ten, reader, 3_600_010);

    Map<SiteHour, long[]> queued = visitors.drain(10);
    assertThat(queued).containsOnlyKeys(new SiteHour(DAY, 9), new SiteHour(DAY, 10));
    assertThat(queued.get(new SiteHour(DAY, 9))).containsExactly(42);
    assertThat(queued.get(new SiteHour(DAY, 10))).containsExactly(42);
    assertThat(visitors.drain(10)).isEmpty();
  }

  @Test
  @DisplayName("After an outage, the backlog leaves in batches no bigger than the limit, oldest hour first, none lost")
  void backlogLeavesInBoundedBatches() {
    DailyVisitors visitors = new DailyVisitors();
    HourSlot eight = new HourSlot(DAY, 8, 0, Long.MAX_VALUE);
    HourSlot nine = new HourSlot(DAY, 9, 0, Long.MAX_VALUE);
    for (int i = 1; i <= 150; i++) {
      visitors.seen(i <= 100 ? eight : nine, new VisitorId(i * 0x9E3779B97F4A7C15L, i), 1);
    }
    Set<Long> stored = new HashSet<>();
    Map<SiteHour, long[]> first = visitors.drain(60);
    assertThat(first).containsOnlyKeys(new SiteHour(DAY, 8));
    int batches = 0;
    for (Map<SiteHour, long[]> batch = first; !batch.isEmpty(); batch = visitors.drain(60)) {
      long size = batch.values().stream().mapToLong(ids -> ids.length).sum();
      assertThat(size).isLessThanOrEqualTo(60);
      batch.values().forEach(ids -> {
        for (long id : ids) {
          assertThat(stored.add(id)).isTrue();
        }
      });
      batches++;
    }
    assertThat(batches).isEqualTo(3);
    assertThat(stored).hasSize(150);
  }
}
