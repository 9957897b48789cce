package org.portalpulse.counting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.portalpulse.counting.FlushBatch.PageDay;
import org.portalpulse.counting.FlushBatch.SiteHour;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A flush notification tells the other instances what it added")
class PeerFlushTest {
  private static final String SELF = "4711-1a2b3c4d";
  private static final LocalDate DAY = LocalDate.parse("2026-12-04");

  @Test
  @DisplayName("a delta: the site's views, each day's and each page's, with the instance and its transaction")
  void delta() {
    PeerFlush flush = PeerFlush.parse("2|other-1|9122873|37|2026-12-04=36,2026-12-03=1|812=5,77=1,903=31");
    assertThat(flush.rereadAll()).isFalse();
    assertThat(flush.instance()).isEqualTo("other-1");
    assertThat(flush.isFrom(SELF)).isFalse();
    assertThat(flush.xid()).isEqualTo(9122873);
    assertThat(flush.siteViews()).isEqualTo(37);
    assertThat(flush.days()).containsExactlyInAnyOrderEntriesOf(Map.of(DAY, 36L, DAY.minusDays(1), 1L));
    assertThat(flush.pages()).containsExactlyInAnyOrderEntriesOf(Map.of(812L, 5L, 77L, 1L, 903L, 31L));
    assertThat(PeerFlush.parse("2|" + SELF + "|5|0||").isFrom(SELF)).isTrue();
  }

  @Test
  @DisplayName("every total to be read again: a baseline change, a batch too big to spell out, an older version's payload, or one that cannot be read")
  void rereadAll() {
    for (String payload : List.of("baseline", "2|other|12|*", "other:12,7,40", "other", "2|other|12|5|2026-13-01=5|",
        "2|other|12|5||12=x", "2|other|x|5||", "2|other|12|5|", "3|other|12|5||")) {
      assertThat(PeerFlush.parse(payload).rereadAll()).as(payload).isTrue();
    }
    assertThat(PeerFlush.parse("other:12,7").instance()).isEqualTo("other");
  }

  @Test
  @DisplayName("a big batch goes in chunks that each fit PostgreSQL's payload limit and add up to the batch")
  void chunks() {
    FlushBatch batch = batch(3_000);
    List<String> chunks = PeerFlush.chunks(batch, SELF);
    assertThat(chunks).hasSizeGreaterThan(1);
    long site = 0;
    Map<LocalDate, Long> days = new HashMap<>();
    Map<Long, Long> pages = new HashMap<>();
    for (String chunk : chunks) {
      String payload = "2|" + SELF + "|" + Long.MAX_VALUE + "|" + chunk; // the statement's header, longest xid
      assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(8_000);
      PeerFlush flush = PeerFlush.parse(payload);
      assertThat(flush.rereadAll()).isFalse();
      site += flush.siteViews();
      flush.days().forEach((day, views) -> days.merge(day, views, Long::sum));
      flush.pages().forEach((id, views) -> pages.merge(id, views, Long::sum));
    }
    assertThat(site).isEqualTo(batch.views());
    assertThat(days).isEqualTo(batch.viewsPerDay());
    assertThat(pages).isEqualTo(batch.viewsPerPage());
  }

  @Test
  @DisplayName("a batch of views without pages, or of visitor ids only, is one chunk; one too big for 16 says re-read")
  void smallAndHuge() {
    assertThat(PeerFlush.chunks(new FlushBatch(UUID.randomUUID(), Map.of(), Map.of(), Map.of()), SELF)).containsExactly("0||");
    assertThat(PeerFlush.chunks(batch(1), SELF)).containsExactly("2|2026-12-04=2|7919=2");
    assertThat(PeerFlush.chunks(batch(20_000), SELF)).containsExactly("*");
  }

  private static FlushBatch batch(int pages) {
    Map<PageDay, Long> pageDays = new HashMap<>();
    for (long id = 1; id <= pages; id++) {
      pageDays.put(new PageDay(DAY, id * 7919), id % 50 + 1);
    }
    long views = pageDays.values().stream().mapToLong(Long::longValue).sum();
    return new FlushBatch(UUID.randomUUID(), Map.of(new SiteHour(DAY, 10), views), pageDays, Map.of());
  }
}
