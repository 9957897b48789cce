package org.portalpulse.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What ops see of the live sockets; shared by every event loop's {@link LiveSockets}. */
public final class LiveMetrics {
  private final AtomicInteger open = new AtomicInteger();
  private final Counter framesPushed;
  private final Timer pushLag;

  public LiveMetrics(MeterRegistry registry) {
    Gauge.builder("pulse.live.sockets", open, AtomicInteger::get).description("Open live sockets").register(registry);
    framesPushed = Counter.builder("pulse.live.frames.pushed").description("Frames written to live sockets").register(registry);
    pushLag = Timer.builder("pulse.live.push.lag")
        .description("From when a push tick was due until its last frame was handed to the network")
        .publishPercentileHistogram().register(registry);
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }

  void firstFramePushed() {
    framesPushed.increment();
  }

  void pushed(int frames, long dueNanos, long doneNanos) {
    framesPushed.increment(frames);
    pushLag.record(Math.max(0, doneNanos - dueNanos), TimeUnit.NANOSECONDS);
  }
}
