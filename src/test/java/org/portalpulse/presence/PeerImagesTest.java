package org.portalpulse.presence;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("Đang online is the union of every instance's image: exact while they are small, within 2 % when sketched")
class PeerImagesTest {

  @Test
  @DisplayName("two instances of 500 visitors each, 100 of them on both: exactly 900")
  void smallImagesAreExact() {
    PeerImages peers = new PeerImages();
    long[] mine = LongStream.range(0, 500).map(PeerImagesTest::key).toArray();
    long[] theirs = LongStream.range(400, 900).map(PeerImagesTest::key).toArray();
    PresenceImage image = PresenceImage.of(mine);
    assertThat(image.isExact()).isTrue();
    peers.changed("b", 1, boxed(PresenceImage.of(theirs).exact()), null);
    assertThat(peers.union(image)).isEqualTo(900);
  }

  @Test
  @DisplayName("20 instances of 25 000 visitors each, a tenth of them on two: the union within 2 % of the truth, in 8 KB images")
  void sketchesAreClose() {
    int instances = 20;
    int each = 25_000;
    long[][] keys = new long[instances][];
    long next = 0;
    for (int i = 0; i < instances; i++) {
      keys[i] = new long[each];
      for (int k = 0; k < each; k++) {
        // A tenth are the previous instance's visitors too (a page open on each).
        keys[i][k] = i > 0 && k < each / 10 ? keys[i - 1][each - 1 - k] : key(next++);
      }
    }
    PeerImages peers = new PeerImages();
    for (int i = 1; i < instances; i++) {
      PresenceImage theirs = PresenceImage.of(keys[i]);
      assertThat(theirs.isExact()).isFalse();
      assertThat(theirs.sketchBytes().length).as("an image's bytes").isLessThan(10_000);
      peers.changed("instance-" + i, 1, null, theirs.sketchBytes());
    }
    long truth = next;
    assertThat(peers.union(PresenceImage.of(keys[0]))).isCloseTo(truth, within(truth / 50));
  }

  @Test
  @DisplayName("an exact image with sketched ones, a peer gone silent, a peer alone until now, and an image that is not a sketch")
  void mixedAndGone() {
    PeerImages peers = new PeerImages();
    long[] many = LongStream.range(0, 10_000).map(PeerImagesTest::key).toArray();
    peers.changed("big", 1, null, PresenceImage.of(many).sketchBytes());
    peers.changed("alone", 1, null, null);
    peers.changed("broken", 1, null, new byte[] {1, 2, 3});
    long[] mine = LongStream.range(9_900, 10_100).map(PeerImagesTest::key).toArray();
    assertThat(peers.union(PresenceImage.of(mine))).isCloseTo(10_100, within(200L));
    assertThat(peers.instances()).as("the unreadable one held as nobody, not fetched again until it changes")
        .containsExactlyInAnyOrder("big", "alone", "broken");

    peers.retain(Set.of("alone", "broken"));
    assertThat(peers.union(PresenceImage.of(mine))).as("the big one gone silent, all exact again").isEqualTo(200);
  }

  /** Presence keys are hashes: spread over all 64 bits. */
  private static long key(long n) {
    long z = n * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return z ^ (z >>> 31);
  }

  private static Long[] boxed(long[] keys) {
    return LongStream.of(keys).boxed().toArray(Long[]::new);
  }
}
