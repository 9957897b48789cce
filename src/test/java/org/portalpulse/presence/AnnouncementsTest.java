package org.portalpulse.presence;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Visitors who opened a page after a view elsewhere are announced in payloads PostgreSQL takes")
class AnnouncementsTest {
  private static final String ME = "4711-1a2b3c4d";

  @Test
  @DisplayName("10 000 keys, negative ones too, go in payloads under 8 000 bytes and are read back, each once")
  void roundTrip() {
    Announcements announcements = new Announcements();
    SplittableRandom random = new SplittableRandom(8);
    long[] keys = new long[10_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = random.nextLong();
      announcements.add(keys[i]);
    }
    List<String> payloads = announcements.drain();
    assertThat(payloads).hasSizeGreaterThan(1);
    LongArrayList heard = new LongArrayList();
    for (String payload : payloads) {
      String notification = "4712-99999999 " + payload;
      assertThat(notification.getBytes(StandardCharsets.UTF_8).length).isLessThan(8_000);
      Announcements.read(notification, ME, heard::addLong);
    }
    assertThat(heard.toLongArray()).containsExactlyInAnyOrder(keys);
    assertThat(announcements.drain()).as("drained").isEmpty();
  }

  @Test
  @DisplayName("this instance's own announcements, and payloads that are not ours, are passed over")
  void ownAndForeign() {
    LongArrayList heard = new LongArrayList();
    Announcements.read(ME + " ff,10", ME, heard::addLong);
    Announcements.read("nospace", ME, heard::addLong);
    Announcements.read(" ff", ME, heard::addLong);
    Announcements.read("4711-1a2b3c4e zz,ff", ME, heard::addLong);
    assertThat(heard).isEmpty();
    Announcements.read("4711-1a2b3c4 ff,10", ME, heard::addLong);
    assertThat(heard.toLongArray()).as("an id that only starts like ours").containsExactly(0xff, 0x10);
  }

  @Test
  @DisplayName("a visitor announced twice within a share (a reconnect, a second tab) goes once; past the bound, a key is dropped")
  void onceAndBounded() {
    Announcements announcements = new Announcements();
    announcements.add(-5);
    announcements.add(-5);
    for (int i = 0; i < Announcements.MAX_PER_SHARE + 10; i++) {
      announcements.add(i);
    }
    LongArrayList heard = new LongArrayList();
    announcements.drain().forEach(payload -> Announcements.read("other " + payload, ME, heard::addLong));
    assertThat(heard).hasSize(Announcements.MAX_PER_SHARE).containsOnlyOnce(-5L);
  }
}
