package org.portalpulse.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * How late a timer fires on an event loop: what every request and frame on that loop waits on top
 * of its own work. A blocked or saturated loop shows here before it shows anywhere else.
 */
final class EventLoopDelay {
  private static final long PERIOD_MILLIS = 100;

  private final Timer delay;

  EventLoopDelay(MeterRegistry registry) {
    this.delay = Timer.builder("pulse.event.loop.delay")
        .description("How late a 100 ms timer fires on the HTTP event loops")
        .publishPercentileHistogram().register(registry);
  }

  /** Starts probing the calling verticle's event loop. */
  void watch(Vertx vertx) {
    long[] due = {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS)};
    vertx.setPeriodic(PERIOD_MILLIS, id -> {
      long now = System.nanoTime();
      delay.record(Math.max(0, now - due[0]), TimeUnit.NANOSECONDS);
      due[0] = now + TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
    });
  }
}
