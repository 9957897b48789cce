package org.portalpulse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /** No argument: serve. {@code import SOURCE}: import, then exit (see {@link ImportCommand}). */
  public static void main(String[] args) {
    if (args.length > 0) {
      if (!args[0].equals("import")) {
        System.err.println("Unknown command '" + args[0] + "': run with no argument to serve, or:\n" + ImportCommand.USAGE);
        System.exit(2);
      }
      System.exit(ImportCommand.run(List.of(args).subList(1, args.length), Map.of(), Clock.systemUTC(), System.out, System.err));
    }
    serve();
  }

  private static void serve() {
    AtomicReference<PulseApplication> running = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    // Installed before start-up, so a SIGTERM during a slow first start still ends cleanly.
    // SIGTERM and Ctrl-C stop gracefully and exit 0: a shutdown hook alone would exit 143.
    // Only the first signal stops; a second one must not cut the final flush short.
    Signal.handle(new Signal("TERM"), signal -> stopOnce(stopping, running, started));
    Signal.handle(new Signal("INT"), signal -> stopOnce(stopping, running, started));
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

  private static void stopOnce(AtomicBoolean stopping, AtomicReference<PulseApplication> running, CountDownLatch started) {
    if (!stopping.compareAndSet(false, true)) {
      LOG.info("Already stopping; writing the last counted views");
      return;
    }
    new Thread(() -> {
      int status = 1;
      try {
        started.await(); // stopping waits for start-up to finish, then undoes it in order
        PulseApplication app = running.get();
        if (app == null) {
          status = 0; // start-up failed and already exited, or never got that far
        } else {
          LOG.info("Stopping: finishing requests and writing every counted view");
          status = app.stop() ? 0 : 1;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        System.exit(status);
      }
    }, "pulse-shutdown").start();
  }
}
