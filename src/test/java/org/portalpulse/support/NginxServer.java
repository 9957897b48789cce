package org.portalpulse.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Debian's nginx, started by a test on a configuration of the repository's {@code conf/nginx/} with
 * its ports and stats host replaced, in a directory of its own; stopped (and its directory left for
 * the artifacts) on close.
 */
public final class NginxServer implements AutoCloseable {
  public static final Path NGINX = Path.of("/usr/sbin/nginx");
  private static final Pattern TEMP_PATH = Pattern.compile("/tmp/pulse-[a-z]+");

  private final Process process;
  private final Path directory;
  private final int port;

  private NginxServer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /**
   * Runs {@code conf/nginx/<config>} with every {@code 127.0.0.1:<from>} written {@code 127.0.0.1:<to>}
   * (the ports of its examples become the test's), its {@code root} and temporary files in a fresh
   * directory holding a copy of {@code conf/nginx/}'s other files, rewritten the same way.
   */
  public static NginxServer start(String config, int listenPort, Map<String, String> replacements) {
    if (!Files.isExecutable(NGINX)) {
      throw new IllegalStateException(NGINX + " is missing: `bash .ci/run` installs it, or apt-get install nginx-light");
    }
    Path directory = TestPostgres.freshDirectory("nginx");
    try {
      // Started as root, nginx serves and caches as its own user: the directory must be theirs to read and write.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
      try (var files = Files.list(Path.of("conf", "nginx"))) {
        for (Path file : files.toList()) {
          String text = Files.readString(file);
          for (var r : replacements.entrySet()) {
            text = text.replace(r.getKey(), r.getValue());
          }
          if (file.getFileName().toString().equals(config)) {
            // Each example keeps its files under a /tmp/pulse-<name> of its own.
            text = TEMP_PATH.matcher(text).replaceAll(Matcher.quoteReplacement(directory.toString()))
                .replace("root conf/nginx;", "root " + directory + ";");
          }
          Path copy = Files.writeString(directory.resolve(file.getFileName()), text);
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      Process process = new ProcessBuilder(NGINX.toString(), "-p", directory + "/", "-c", directory.resolve(config).toString())
          .redirectErrorStream(true).redirectOutput(directory.resolve("nginx.log").toFile()).start();
      NginxServer nginx = new NginxServer(process, directory, listenPort);
      nginx.awaitListening(Duration.ofSeconds(10));
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String origin() {
    return "http://127.0.0.1:" + port;
  }

  public Path directory() {
    return directory;
  }

  private void awaitListening(Duration timeout) {
    await("nginx listening on " + port).atMost(timeout).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx stopped: " + log());
      }
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException notYet) {
        return false;
      }
    });
  }

  private String log() {
    try {
      return Files.readString(directory.resolve("nginx.log"));
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
