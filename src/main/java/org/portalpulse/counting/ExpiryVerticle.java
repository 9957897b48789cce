package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Lets go of visitors no longer online (a sweep step every 100 ms, so "Đang online" drops within
 * seconds) and of page sightings past the de-duplication window (a step a second: that is only memory).
 */
public final class ExpiryVerticle extends VerticleBase {
  private final ViewCounter views;

  public ExpiryVerticle(ViewCounter views) {
    this.views = views;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(OnlineVisitors.SWEEP_MILLIS, id -> views.forgetOfflineVisitors());
    vertx.setPeriodic(1_000, id -> views.forgetExpiredSightings());
    return Future.succeededFuture();
  }
}
