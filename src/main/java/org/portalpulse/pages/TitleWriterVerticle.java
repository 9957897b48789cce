package org.portalpulse.pages;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Keeps pages' titles as they last reported them, a few seconds behind; a final write at stop. */
public final class TitleWriterVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TitleWriterVerticle.class);
  private static final Duration PERIOD = Duration.ofSeconds(10);

  private final PageDirectory pages;

  public TitleWriterVerticle(PageDirectory pages) {
    this.pages = pages;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD.toMillis(), id -> write());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return write();
  }

  private Future<Void> write() {
    return pages.writeTitles()
        .onFailure(err -> LOG.warn("Could not write pages' titles, will write them later: {}", err.getMessage()))
        .otherwiseEmpty();
  }
}
