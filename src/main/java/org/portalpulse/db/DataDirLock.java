package org.portalpulse.db;

import org.portalpulse.config.InvalidSettingException;
import org.portalpulse.config.PulseConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One data directory, one server: an exclusive lock on {@code pulse.lock} in it, held for as long as
 * the server runs and released by the operating system when the process ends, however it ends.
 * A second server on the same directory is refused before it touches anything there (the embedded
 * PostgreSQL, the spool), and told which process holds it.
 */
public final class DataDirLock implements AutoCloseable {
  private static final String FILE = "pulse.lock";
  private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final FileChannel channel;
  private final FileLock lock;
  private final Path held;

  private DataDirLock(FileChannel channel, FileLock lock, Path held) {
    this.channel = channel;
    this.lock = lock;
    this.held = held;
  }

  public static DataDirLock acquire(Path dataDir) {
    Path held = reserveInThisProcess(dataDir);
    try {
      return lock(dataDir, held);
    } catch (RuntimeException e) {
      HELD_IN_THIS_PROCESS.remove(held);
      throw e;
    }
  }

  /**
   * Refuses a second server of this process before the file is opened: the operating system's locks
   * belong to the process, and closing any channel on the file would release the first server's.
   */
  private static Path reserveInThisProcess(Path dataDir) {
    Path held;
    try {
      Files.createDirectories(dataDir);
      held = dataDir.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not lock the data directory " + dataDir + ": " + e.getMessage(), e);
    }
    if (!HELD_IN_THIS_PROCESS.add(held)) {
      throw new InvalidSettingException(PulseConfig.DATA_DIR, dataDir + " is in use by another Portal Pulse in this"
          + " process (pid " + ProcessHandle.current().pid() + "); give this server a data directory of its own");
    }
    return held;
  }

  private static DataDirLock lock(Path dataDir, Path held) {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock(); // null: another process holds it
      if (lock == null) {
        String holder = holderOf(file);
        channel.close();
        throw new InvalidSettingException(PulseConfig.DATA_DIR, dataDir + " is in use by another Portal Pulse ("
            + holder + "); stop it, or give this server a data directory of its own");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(true);
      return new DataDirLock(channel, lock, held);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("Could not lock the data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private static String holderOf(Path file) {
    try {
      String recorded = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return recorded.isEmpty() ? "a process that has not said which yet" : recorded;
    } catch (IOException e) {
      return "a process that cannot be named: " + e.getMessage();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
    HELD_IN_THIS_PROCESS.remove(held);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
