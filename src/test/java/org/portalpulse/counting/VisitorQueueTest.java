package org.portalpulse.counting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.portalpulse.counting.FlushBatch.SiteHour;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Visitor ids wait for PostgreSQL in bounded batches")
class VisitorQueueTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-29");

  @Test
  @DisplayName("After an outage, the backlog leaves in batches no bigger than the limit, none lost, none twice")
  void backlogLeavesInBoundedBatches() {
    VisitorQueue visitors = new VisitorQueue();
    HourSlot eight = new HourSlot(DAY, 8, 0, Long.MAX_VALUE);
    HourSlot nine = new HourSlot(DAY, 9, 0, Long.MAX_VALUE);
    for (int i = 1; i <= 150; i++) {
      visitors.add(i <= 100 ? eight : nine, new VisitorId(i * 0x9E3779B97F4A7C15L, i));
    }
    Set<Long> stored = new HashSet<>();
    int batches = 0;
    for (Map<SiteHour, long[]> batch = visitors.drain(64); !batch.isEmpty(); batch = visitors.drain(64)) {
      long size = batch.values().stream().mapToLong(ids -> ids.length).sum();
      assertThat(size).isLessThanOrEqualTo(64);
      batch.values().forEach(ids -> {
        for (long id : ids) {
          assertThat(stored.add(id)).isTrue();
        }
      });
      batches++;
    }
    assertThat(batches).isGreaterThanOrEqualTo(3);
    assertThat(stored).hasSize(150);
  }
}
