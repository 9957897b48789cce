package org.portalpulse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The live heap of a server running in a JVM of its own. */
public final class Heap {
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$", Pattern.MULTILINE);

  private Heap() {
  }

  /**
   * The bytes of every object still reachable in {@code process}, counted after a full collection by
   * {@code jcmd <pid> GC.class_histogram}. Not the heap's "used" after {@code System.gc()}: G1 counts in
   * regions, and that figure moved by 0.8 MB between two readings with the same live objects.
   */
  public static long liveBytes(Process process) {
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
      String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        throw new IllegalStateException("jcmd GC.class_histogram failed:\n" + histogram);
      }
      Matcher total = TOTAL.matcher(histogram);
      if (!total.find()) {
        throw new IllegalStateException("no total in the class histogram:\n" + histogram);
      }
      return Long.parseLong(total.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
