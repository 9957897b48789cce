package org.portalpulse.counting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("An instance knows it hears notifications by hearing its own")
class NotificationEchoTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("deaf once a flush's notification has not come back for 10 s; hearing again once a later one does")
  void deafUntilHeard() {
    NotificationEcho echo = new NotificationEcho();
    assertThat(echo.deaf(100 * SECOND)).as("nothing awaited").isFalse();
    echo.expect(500, 0);
    echo.expect(501, 5 * SECOND); // the oldest unheard one counts
    assertThat(echo.deaf(9 * SECOND)).isFalse();
    assertThat(echo.deaf(11 * SECOND)).isTrue();
    echo.heard(499);
    assertThat(echo.deaf(12 * SECOND)).as("an older transaction's echo says nothing of 500").isTrue();
    echo.heard(501);
    assertThat(echo.deaf(30 * SECOND)).isFalse();
    echo.expect(600, 40 * SECOND);
    echo.heard(600);
    assertThat(echo.deaf(100 * SECOND)).isFalse();
  }
}
