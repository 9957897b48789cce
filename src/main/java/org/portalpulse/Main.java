package org.portalpulse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    AtomicReference<PulseApplication> running = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    // Installed before start-up, so a SIGTERM during a slow first start still ends cleanly.
    // SIGTERM and Ctrl-C stop gracefully and exit 0: a shutdown hook alone would exit 143.
    Signal.handle(new Signal("TERM"), signal -> stopAsync(running, started));
    Signal.handle(new Signal("INT"), signal -> stopAsync(running, started));
    try {
      running.set(PulseApplication.start(Map.of(), Clock.systemUTC()));
    } catch (StartupException e) {
      if (e.isSettingProblem()) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      LOG.error(e.getMessage(), e.getCause());
      System.exit(1);
    } finally {
      started.countDown();
    }
  }

  private static void stopAsync(AtomicReference<PulseApplication> running, CountDownLatch started) {
    new Thread(() -> {
      int status = 0;
      try {
        started.await(); // stopping waits for start-up to finish, then undoes it in order
        PulseApplication app = running.getAndSet(null);
        if (app != null) {
          LOG.info("Stopping: finishing requests and writing every counted view");
          app.stop();
        }
      } catch (Exception e) {
        LOG.error("Portal Pulse did not stop cleanly", e);
        status = 1;
      } finally {
        System.exit(status);
      }
    }, "pulse-shutdown").start();
  }
}
