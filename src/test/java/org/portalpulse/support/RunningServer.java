package org.portalpulse.support;

import io.vertx.core.Vertx;
import org.portalpulse.PulseApplication;

import java.time.Clock;
import java.util.Map;

/** A started application and a reader pointed at it, closed together. */
public record RunningServer(PulseApplication app, Reader reader) implements AutoCloseable {

  public static RunningServer start(Vertx vertx, Map<String, String> settings, Clock clock) {
    PulseApplication app = PulseTestServer.start(settings, clock);
    return new RunningServer(app, new Reader(vertx, app.config().httpPort()));
  }

  @Override
  public void close() {
    reader.close();
    if (!app.stop()) {
      throw new AssertionError("the server did not stop cleanly");
    }
  }
}
