package org.portalpulse.support;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The waits the tests share, all Awaitility: until something holds, or that it keeps holding. A test
 * never sleeps a fixed time to let something happen; it waits for what shows that it happened.
 */
public final class Waits {
  /** Where the test's timing matters, or one check is cheap: Awaitility's default poll is 100 ms. */
  public static final Duration FAST_POLL = Duration.ofMillis(20);
  /** Room over a hold's duration for its last check: one poll and a slow answer on a busy 2-core machine. */
  private static final Duration HOLD_MARGIN = Duration.ofSeconds(1);

  private Waits() {
  }

  /** Waits up to 3 s for {@code condition}: for what happens just after an answer was read. */
  public static void awaitTrue(BooleanSupplier condition, String what) {
    await(what).atMost(Duration.ofSeconds(3)).pollInterval(FAST_POLL).until(condition::getAsBoolean);
  }

  /**
   * Checks {@code assertion} at once and at every poll for {@code duration}, and fails as soon as it
   * does not hold: where a test once slept and then asserted, it now asserts all along.
   */
  public static void holdsFor(Duration duration, String what, ThrowingRunnable assertion) {
    await(what).during(duration).atMost(duration.plus(HOLD_MARGIN)).pollDelay(Duration.ZERO)
        .failFast(what + ": it stopped holding within " + duration.toMillis() + " ms", assertion)
        .untilAsserted(assertion);
  }

  /**
   * Waits until {@code ready} says that a process the test started serves. Fails at once, with its log,
   * if the process exits, and stops it if it is not ready in time.
   */
  public static void awaitServing(String what, Process process, Supplier<String> log, Duration timeout, Duration poll,
      Callable<Boolean> ready) {
    try {
      await(what + " ready").atMost(timeout).pollInterval(poll)
          .failFast(() -> assertThat(process.isAlive()).as(() -> what + " exited with " + process.exitValue() + ":\n" + log.get()).isTrue())
          .until(ready);
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError(what + " not ready within " + timeout.toSeconds() + " s:\n" + log.get(), e);
    }
  }

  /** Waits until {@code /api/stats} says {@code expected} visitors online on every one of {@code servers}. */
  public static void awaitOnline(long expected, Duration within, String why, Reader... servers) {
    await(why).atMost(within).untilAsserted(() -> assertOnline(expected, why, servers));
  }

  /** {@code /api/stats} says {@code expected} visitors online on every one of {@code servers}, now and all through {@code duration}. */
  public static void onlineHoldsFor(Duration duration, long expected, String why, Reader... servers) {
    holdsFor(duration, why, () -> assertOnline(expected, why, servers));
  }

  private static void assertOnline(long expected, String why, Reader... servers) {
    List<Long> online = Stream.of(servers).map(server -> server.siteStats().getLong("online")).toList();
    assertThat(online).as("Đang online: %s", why).isEqualTo(Collections.nCopies(servers.length, expected));
  }
}
