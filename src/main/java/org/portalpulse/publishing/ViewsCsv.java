package org.portalpulse.publishing;

import org.portalpulse.pages.PagePath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code url,views} file from the old CMS: one page a line, its address (an http(s) URL or a path)
 * and the views it had there. A first line that is no count (a header such as {@code url,views}) is
 * passed over; the address is what comes before the last comma, so an address may hold commas, and
 * may be quoted.
 */
final class ViewsCsv {
  private ViewsCsv() {
  }

  /** A line as found: the page and its views, or why it is neither. */
  record Line(String label, String path, long views, String refusal) {
  }

  static List<Line> read(byte[] csv) {
    String text = new String(csv, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a spreadsheet's byte order mark
    }
    String[] lines = text.split("\r?\n|\r");
    List<Line> read = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Line parsed = line(i + 1, line);
      boolean header = i == 0 && parsed.refusal() != null;
      if (!header) {
        read.add(parsed);
      }
    }
    return read;
  }

  private static Line line(int number, String line) {
    int comma = line.lastIndexOf(',');
    if (comma < 0) {
      return refused("line " + number, "it is not url,views");
    }
    String address = unquoted(line.substring(0, comma).strip());
    String label = "line " + number + " (" + address + ")";
    String count = unquoted(line.substring(comma + 1).strip());
    long views;
    try {
      views = Long.parseLong(count);
      ArticleFields.legacyViews(views);
    } catch (NumberFormatException | InvalidArticle e) {
      return refused(label, "views '" + count + "' is not a whole number from 0 to " + ArticleFields.MAX_LEGACY_VIEWS);
    }
    PagePath.Parsed path = PagePath.parse(address);
    if (!path.isPage()) {
      return refused(label, path.rejection().message());
    }
    return new Line(label, path.page().value(), views, null);
  }

  private static Line refused(String label, String refusal) {
    return new Line(label, null, 0, refusal);
  }

  private static String unquoted(String field) {
    return field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")
        ? field.substring(1, field.length() - 1).replace("\"\"", "\"") : field;
  }
}
