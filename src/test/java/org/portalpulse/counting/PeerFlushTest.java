package org.portalpulse.counting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A peer's flush notification says which article totals to re-read")
class PeerFlushTest {
  private static final String SELF = "8f3c2a10-self";

  @Test
  @DisplayName("the articles another instance counted; none when it counted only other pages; nothing for our own")
  void namedArticles() {
    assertThat(PeerFlush.parse("other:12,7,40", SELF)).hasValueSatisfying(f -> {
      assertThat(f.anyPage()).isFalse();
      assertThat(f.pages()).containsExactly(12, 7, 40);
    });
    assertThat(PeerFlush.parse("other:", SELF)).hasValueSatisfying(f -> {
      assertThat(f.anyPage()).isFalse();
      assertThat(f.pages()).isEmpty();
    });
    assertThat(PeerFlush.parse(SELF + ":12", SELF)).isEmpty();
    assertThat(PeerFlush.parse(SELF, SELF)).isEmpty();
  }

  @Test
  @DisplayName("any article when none are named (a baseline change, a big batch) or the list cannot be read")
  void anyPage() {
    assertThat(PeerFlush.parse("baseline", SELF)).contains(PeerFlush.ANY_PAGE);
    assertThat(PeerFlush.parse("other", SELF)).contains(PeerFlush.ANY_PAGE);
    assertThat(PeerFlush.parse("other:12,x", SELF)).contains(PeerFlush.ANY_PAGE);
  }
}
