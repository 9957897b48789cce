package org.portalpulse.presence;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Lets visitors no longer online go (a sweep step every {@value OnlineVisitors#SWEEP_MILLIS} ms, so
 * "Đang online" drops within seconds), and keeps visitors with a page open online. A worker: a sweep
 * step locks a few stripes of the table, and a confirmation walks every open page; neither may hold
 * up an event loop.
 */
final class PresenceUpkeep extends VerticleBase {
  private final Presence presence;

  PresenceUpkeep(Presence presence) {
    this.presence = presence;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(OnlineVisitors.SWEEP_MILLIS, id -> presence.forgetOffline());
    vertx.setPeriodic(OnlineVisitors.OPEN_PAGE_CONFIRM_MILLIS, id -> presence.confirmOpenPages());
    return Future.succeededFuture();
  }
}
