package org.portalpulse.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of an external tool: its exit code and everything it printed, stdout and stderr together. */
record Command(List<String> command, int exitCode, String output) {

  static Command run(Path workDir, String stdin, Duration timeout, String... command) {
    try {
      Path out = Files.createTempFile("command", ".out");
      Process process = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
      String output = Files.readString(out);
      Files.delete(out);
      return new Command(List.of(command), process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** For assertion messages: what ran, how it ended, what it said. */
  String describe() {
    return "$ " + String.join(" ", command) + "\nexit " + exitCode + "\n" + output;
  }
}
