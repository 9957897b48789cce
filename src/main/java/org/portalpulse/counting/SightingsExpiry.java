package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Lets page sightings past the de-duplication window go, a stripe a second: an expired sighting is
 * already ignored when looked up, so this only frees memory. A worker: it must not hold up an event loop.
 */
public final class SightingsExpiry extends VerticleBase {
  private static final long PERIOD_MILLIS = 1_000;
  private final ViewCounter views;

  public SightingsExpiry(ViewCounter views) {
    this.views = views;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MILLIS, id -> views.forgetExpiredSightings());
    return Future.succeededFuture();
  }
}
