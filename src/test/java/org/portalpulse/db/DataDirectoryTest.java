package org.portalpulse.db;

import java.util.concurrent.TimeUnit;

import java.nio.file.Files;

import org.portalpulse.config.InvalidSettingException;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.StartupException;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.ServerProcess;
import org.portalpulse.support.TestPostgres;
import org.portalpulse.support.Waits;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
@DisplayName("One data directory, one server")
class DataDirectoryTest {

  @Test
  @DisplayName("a second server on a data directory in use is refused, naming the process that holds it, and the first keeps serving")
  void secondServerRefused(Vertx vertx) throws Exception {
    Path dataDir = TestPostgres.freshDirectory("pulse-shared-dir");
    ServerProcess first = ServerProcess.start(Map.of(PulseConfig.DATA_DIR, dataDir.toString()));
    Reader reader = new Reader(vertx, first.port());
    try {
      assertThat(reader.get("/health", null).await().statusCode()).isEqualTo(200);

      Map<String, String> settings = PulseTestServer.defaults("");
      settings.put(PulseConfig.DATA_DIR, dataDir.toString());
      assertThatThrownBy(() -> PulseApplication.start(settings, Clock.systemUTC()))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("Invalid setting " + PulseConfig.DATA_DIR + ": " + dataDir + " is in use by another Portal Pulse")
          .hasMessageContaining("pid " + first.process().pid());

      // Its embedded PostgreSQL was left alone: the first server stays healthy and counts.
      Waits.holdsFor(Duration.ofSeconds(3), "the first server stays healthy", () ->
          assertThat(reader.get("/health", null).await().statusCode()).as("the first server's /health").isEqualTo(200));
      assertThat(reader.get("/", Reader.visitor(1)).await().statusCode()).isEqualTo(200);
    } finally {
      reader.close();
      first.process().destroy();
      first.process().waitFor();
    }
  }

  @Test
  @DisplayName("a second server in the same process is refused too, and the first keeps its lock on the directory")
  void secondServerInThisProcess() throws Exception {
    Path dataDir = TestPostgres.freshDirectory("pulse-lock-dir");
    try (DataDirLock first = DataDirLock.acquire(dataDir)) {
      assertThatThrownBy(() -> DataDirLock.acquire(dataDir))
          .isInstanceOf(InvalidSettingException.class).hasMessageContaining("in this process");
      assertThat(lockableByAnotherProcess(dataDir.resolve("pulse.lock"))).as("the first server's lock, still held").isFalse();
    }
    try (DataDirLock again = DataDirLock.acquire(dataDir)) {
      assertThat(lockableByAnotherProcess(dataDir.resolve("pulse.lock"))).isFalse();
    }
  }

  /** Whether a process of its own can lock {@code file}, as a second server would try (a single-file Java program). */
  private static boolean lockableByAnotherProcess(Path file) throws Exception {
    Path probe = TestPostgres.freshDirectory("lock-probe").resolve("LockProbe.java");
    Files.writeString(probe, """
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;
        public class LockProbe {
          public static void main(String[] args) throws Exception {
            try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
              System.exit(c.tryLock() == null ? 3 : 0);
            }
          }
        }
        """);
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        probe.toString(), file.toString()).inheritIO().start();
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as("the probe's exit: 0 locked, 3 refused").isIn(0, 3);
    return java.exitValue() == 0;
  }
}
