package org.portalpulse.presence;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Đang online counts distinct recent visitors, and each is recorded once an hour")
class OnlineVisitorsTest {
  private static final long NINE = 9 * 3_600_000L;
  private static final long TEN = 10 * 3_600_000L;

  @Test
  @DisplayName("A visitor is recorded on their first counted view of each hour, not on later ones or on reloads")
  void recordedOncePerHour() {
    OnlineVisitors online = new OnlineVisitors(Duration.ofMinutes(5));
    long reader = 42;
    long t = NINE;
    // a reload: seen online, but no visit to record
    assertThat(online.seen(reader, NINE, t, false)).isEqualTo(Sighting.NEW_VISITOR);
    assertThat(online.seen(reader, NINE, t + 1_000, true).recordsVisitor()).as("the reload did not use up the hour").isTrue();
    assertThat(online.seen(reader, NINE, t + 2_000, true).recordsVisitor()).isFalse();
    assertThat(online.seen(reader, TEN, TEN + 1, true).recordsVisitor()).isTrue();
    assertThat(online.count()).isEqualTo(1);
  }

  @Test
  @DisplayName("Visitors leave the count once their window has passed and a sweep went by")
  void visitorsLeave() {
    OnlineVisitors online = new OnlineVisitors(Duration.ofMinutes(5));
    long t = NINE;
    for (int i = 0; i < 100; i++) {
      online.seen(i * 0x9E3779B97F4A7C15L, NINE, t, true);
    }
    online.seen(-1, NINE, t + 200_000, true);
    assertThat(online.count()).isEqualTo(101);

    long later = t + Duration.ofMinutes(5).toMillis() + 1;
    for (int i = 0; i < ExpiringKeys.stripes(); i++) {
      online.forgetExpired(later);
    }
    assertThat(online.count()).isEqualTo(1);
  }

  @Test
  @DisplayName("A page opened seconds after a view here was served here; after a view long ago, or none, another instance served it")
  void viewedHereJustNow() {
    OnlineVisitors online = new OnlineVisitors(Duration.ofMinutes(5));
    long t = NINE;
    online.seen(1, NINE, t, true);
    online.seen(2, NINE, t - 60_000, true);
    assertThat(online.viewedHereSince(1, t + 2_000 - 10_000, t + 2_000)).as("viewed 2 s ago").isTrue();
    assertThat(online.viewedHereSince(2, t + 2_000 - 10_000, t + 2_000)).as("viewed a minute ago").isFalse();
    assertThat(online.viewedHereSince(3, t + 2_000 - 10_000, t + 2_000)).as("never viewed here").isFalse();
    online.hasOpenPage(1, t + 2_000);
    assertThat(online.viewedHereSince(1, t + 3_000 - 10_000, t + 3_000)).as("a page open here since").isFalse();
  }

  @Test
  @DisplayName("A visitor known here from a view leaves within the grace period once their page opened elsewhere")
  void openElsewhereShortensTheWindow() {
    OnlineVisitors online = new OnlineVisitors(Duration.ofMinutes(5));
    long t = NINE;
    online.seen(7, NINE, t, true);
    online.hasOpenPageElsewhere(7, t + 1_000);
    online.hasOpenPageElsewhere(8, t + 1_000);
    assertThat(online.present(t + 1_000 + OnlineVisitors.OPEN_PAGE_GRACE_MILLIS - 1)).containsExactly(7L);
    assertThat(online.present(t + 1_000 + OnlineVisitors.OPEN_PAGE_GRACE_MILLIS)).as("gone after the grace, not the window").isEmpty();
  }
}
