package org.portalpulse;

import org.portalpulse.config.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    PulseApplication app;
    try {
      app = PulseApplication.start(Map.of(), Clock.systemUTC());
    } catch (RuntimeException e) {
      InvalidSettingException setting = findSettingProblem(e);
      if (setting != null) {
        System.err.println("Invalid setting " + setting.getMessage());
        System.exit(2);
      }
      LOG.error("Portal Pulse could not start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    // SIGTERM and Ctrl-C stop gracefully and exit 0: a shutdown hook alone would exit 143.
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        LOG.info("Stopping: finishing requests and writing every counted view");
        app.stop();
        System.exit(0);
      }
    };
    Signal.handle(new Signal("TERM"), signal -> new Thread(stop, "pulse-shutdown").start());
    Signal.handle(new Signal("INT"), signal -> new Thread(stop, "pulse-shutdown").start());
  }

  private static InvalidSettingException findSettingProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidSettingException setting) {
        return setting;
      }
    }
    return null;
  }
}
