package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.portalpulse.counting.FlushBatch.PageDay;
import org.portalpulse.counting.FlushBatch.SiteHour;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Batches PostgreSQL did not take before the server stopped, kept as files under the data directory
 * and written at the next start. Each keeps its batch id, so a batch whose commit did happen after
 * all (only its answer was lost) adds nothing when written again: every view is stored exactly once.
 */
public final class BatchSpool {
  private static final Logger LOG = LoggerFactory.getLogger(BatchSpool.class);
  private static final String SUFFIX = ".batch.json";

  private final Path directory;

  public BatchSpool(Path dataDir) {
    this.directory = dataDir.resolve("spool");
  }

  /** Writes each batch to a file of its own, durably (a crash mid-write leaves no half file). Blocking. */
  void keep(List<FlushBatch> batches) throws IOException {
    Files.createDirectories(directory);
    for (FlushBatch batch : batches) {
      Path target = directory.resolve(batch.id() + SUFFIX);
      Path partial = directory.resolve(batch.id() + ".partial");
      Files.writeString(partial, toJson(batch).encode(), StandardCharsets.UTF_8);
      try (FileChannel file = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        file.force(true);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /**
   * Writes every kept batch through {@code store}, one at a time, deleting each file once its batch
   * is committed. Reads the files now (blocking: call it at start-up, not on an event loop).
   */
  public Future<Void> replay(CounterStore store) {
    List<Path> files = keptFiles();
    Future<Void> chain = Future.succeededFuture();
    long views = 0;
    for (Path file : files) {
      FlushBatch batch = fromJson(new JsonObject(read(file)));
      views += batch.views();
      chain = chain.compose(v -> store.write(batch)).map(written -> {
        delete(file);
        return null;
      });
    }
    if (!files.isEmpty()) {
      long total = views;
      chain = chain.onSuccess(v -> LOG.info("Wrote the {} views kept in {} at the last stop", total, directory));
    }
    return chain;
  }

  private List<Path> keptFiles() {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the spool " + directory + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the spooled batch " + file + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      // Written again at the next start, it adds nothing: its batch id is recorded.
      LOG.warn("Could not delete the written batch {}: {}", file, e.getMessage());
    }
  }

  static JsonObject toJson(FlushBatch batch) {
    JsonArray hours = new JsonArray();
    batch.siteHours().forEach((h, views) -> hours.add(new JsonObject().put("day", h.day().toString()).put("hour", h.hour()).put("views", views)));
    JsonArray pages = new JsonArray();
    batch.pageDays().forEach((a, views) ->
        pages.add(new JsonObject().put("day", a.day().toString()).put("page", a.pageId()).put("views", views)));
    JsonArray visitors = new JsonArray();
    batch.newVisitors().forEach((h, ids) -> {
      JsonArray list = new JsonArray();
      for (long id : ids) {
        list.add(id);
      }
      visitors.add(new JsonObject().put("day", h.day().toString()).put("hour", h.hour()).put("ids", list));
    });
    return new JsonObject().put("id", batch.id().toString()).put("siteHours", hours).put("pageDays", pages)
        .put("newVisitors", visitors);
  }

  static FlushBatch fromJson(JsonObject json) {
    Map<SiteHour, Long> hours = new HashMap<>();
    json.getJsonArray("siteHours").forEach(o -> {
      JsonObject h = (JsonObject) o;
      hours.put(new SiteHour(LocalDate.parse(h.getString("day")), h.getInteger("hour")), h.getLong("views"));
    });
    Map<PageDay, Long> pages = new HashMap<>();
    json.getJsonArray("pageDays").forEach(o -> {
      JsonObject a = (JsonObject) o;
      pages.put(new PageDay(LocalDate.parse(a.getString("day")), a.getLong("page")), a.getLong("views"));
    });
    Map<SiteHour, long[]> visitors = new HashMap<>();
    json.getJsonArray("newVisitors").forEach(o -> {
      JsonObject v = (JsonObject) o;
      JsonArray ids = v.getJsonArray("ids");
      long[] list = new long[ids.size()];
      for (int i = 0; i < list.length; i++) {
        list[i] = ids.getLong(i);
      }
      visitors.put(new SiteHour(LocalDate.parse(v.getString("day")), v.getInteger("hour")), list);
    });
    return new FlushBatch(UUID.fromString(json.getString("id")), hours, pages, visitors);
  }
}
