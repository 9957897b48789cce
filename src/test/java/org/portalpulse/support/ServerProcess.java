package org.portalpulse.support;

import org.portalpulse.Main;
import org.portalpulse.config.PulseConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The server as an operator runs it: its own JVM through {@link Main}, to be signalled or killed. */
public final class ServerProcess {
  private final Process process;
  private final Path log;
  private final int port;

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the server with these settings (plus a free port) and waits until it listens. */
  public static ServerProcess start(Map<String, String> settings) throws IOException {
    ServerProcess server = launch(settings);
    server.awaitListening();
    return server;
  }

  /** Starts the server with these settings (plus a free port), without waiting for it. */
  public static ServerProcess launch(Map<String, String> settings) throws IOException {
    int port = PulseTestServer.freePort();
    Path log = Files.createTempFile("pulse-process", ".log");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(settings);
    builder.environment().put(PulseConfig.HTTP_PORT, Integer.toString(port));
    builder.environment().put(PulseConfig.HTTP_HOST, "127.0.0.1");
    return new ServerProcess(builder.start(), log, port);
  }

  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void awaitListening() {
    Waits.awaitServing("the server on port " + port, process, this::log, Duration.ofSeconds(60), Duration.ofMillis(100), this::accepts);
  }

  private boolean accepts() {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }
}
