package org.portalpulse.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did with each item or line: added, updated, unchanged or skipped (and why). Filled
 * by one import, one item after the other.
 */
public final class ImportSummary {
  private final String source;
  private final String kind;
  private final int items;
  private int added;
  private int updated;
  private int unchanged;
  private final List<Skipped> skipped = new ArrayList<>();

  private record Skipped(String item, String reason) {
  }

  ImportSummary(String source, String kind, int items) {
    this.source = source;
    this.kind = kind;
    this.items = items;
  }

  void added() {
    added++;
  }

  void updated() {
    updated++;
  }

  void unchanged() {
    unchanged++;
  }

  void skipped(String item, String reason) {
    skipped.add(new Skipped(item, reason));
  }

  int done() {
    return added + updated + unchanged + skipped.size();
  }

  int items() {
    return items;
  }

  /** One line, also the progress line of a long import. */
  public String counts() {
    return done() + " of " + items + " " + kind + " " + (kind.equals("feed") ? "items" : "lines") + ": " + added
        + " added, " + updated + " updated, " + unchanged + " unchanged, " + skipped.size() + " skipped";
  }

  /** The counts, then one line per skipped item with its reason. */
  public List<String> report() {
    List<String> lines = new ArrayList<>();
    lines.add("Imported " + source + ": " + counts());
    skipped.forEach(s -> lines.add("  skipped " + s.item() + ": " + s.reason()));
    return lines;
  }

  public JsonObject toJson() {
    JsonArray skippedJson = new JsonArray();
    skipped.forEach(s -> skippedJson.add(new JsonObject().put("item", s.item()).put("reason", s.reason())));
    return new JsonObject().put("source", source).put("kind", kind).put("items", items).put("added", added)
        .put("updated", updated).put("unchanged", unchanged).put("skipped", skippedJson);
  }
}
