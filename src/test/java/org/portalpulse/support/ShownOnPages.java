package org.portalpulse.support;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What open pages in real browsers show in their {@code data-counter} elements, waited for against a deadline. */
public final class ShownOnPages {
  private ShownOnPages() {
  }

  /**
   * Waits until every page shows each of the {@code expected} numbers in its {@code data-counter}
   * elements, at most {@code bound} after {@code sinceNanos} (the moment measured from, a
   * {@link System#nanoTime()}), and prints how long after that moment they showed.
   */
  public static void awaitShown(long sinceNanos, Duration bound, Map<String, Long> expected, String why, HeadlessChromium... pages) {
    // In this thread: a check begun before the bound counts, as the page's state when it began; one
    // begun after it (the test was late to look) does not.
    AtomicLong began = new AtomicLong();
    await(why).atMost(left(sinceNanos, bound)).pollDelay(Duration.ZERO).pollInterval(Waits.FAST_POLL).pollInSameThread()
        .untilAsserted(() -> {
          began.set(System.nanoTime());
          assertShown(expected, why, pages);
        });
    Duration shownAfter = Duration.ofNanos(began.get() - sinceNanos);
    System.out.printf("%s shown after %d ms (at most %d ms): %s%n", new TreeMap<>(expected), shownAfter.toMillis(), bound.toMillis(), why);
    assertThat(shownAfter).as("%s: shown within %s", why, bound).isLessThanOrEqualTo(bound);
  }

  public static void assertShown(Map<String, Long> expected, String why, HeadlessChromium... pages) {
    Map<String, Map<String, Long>> shown = new TreeMap<>();
    Map<String, Map<String, Long>> wanted = new TreeMap<>();
    for (HeadlessChromium page : pages) {
      Map<String, Long> numbers = new TreeMap<>();
      expected.keySet().forEach(counter -> numbers.put(counter, page.number("[data-counter=" + counter + "]")));
      shown.put(page.name(), numbers);
      wanted.put(page.name(), new TreeMap<>(expected));
    }
    assertThat(shown).as("%s: the data-counter numbers on every page", why).isEqualTo(wanted);
  }

  /** What is left of {@code bound} after {@code sinceNanos}; at least a nanosecond, so that one more check is made. */
  public static Duration left(long sinceNanos, Duration bound) {
    return Duration.ofNanos(Math.max(1, sinceNanos + bound.toNanos() - System.nanoTime()));
  }
}
