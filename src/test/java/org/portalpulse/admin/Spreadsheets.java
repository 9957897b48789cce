package org.portalpulse.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How spreadsheets may read our CSV files, written apart from {@link Csv} so it can catch what Csv misses:
 * an RFC 4180 reader, and readers that split on ";", "," or tabs, or at line breaks, and ignore quotes.
 */
final class Spreadsheets {
  /** Article titles a spreadsheet would run as formulas if written as they are, by what they try. */
  static final Map<String, String> FORMULA_TITLES = new LinkedHashMap<>();

  static {
    FORMULA_TITLES.put("equals first", "=1+1");
    FORMULA_TITLES.put("space, then equals", " =1+1");
    FORMULA_TITLES.put("no-break space, then plus", "\u00a0+1+1");
    FORMULA_TITLES.put("ideographic space, then minus", "\u3000-1+1");
    FORMULA_TITLES.put("zero-width space, then at", "\u200b@SUM(1+1)");
    FORMULA_TITLES.put("line feed, then equals", "\n=1+1");
    FORMULA_TITLES.put("CR LF, then equals", "\r\n=1+1");
    FORMULA_TITLES.put("tab, then equals", "\t=1+1");
    FORMULA_TITLES.put("NUL, then equals", "\u0000=1+1");
    FORMULA_TITLES.put("full-width equals", "\uff1d1+1");
    FORMULA_TITLES.put("full-width plus", "\uff0b1+1");
    FORMULA_TITLES.put("full-width minus", "\uff0d1+1");
    FORMULA_TITLES.put("full-width at", "\uff20SUM(1+1)");
    FORMULA_TITLES.put("small equals", "\ufe661+1");
    FORMULA_TITLES.put("quoted formula", "\"=1+1\"");
    FORMULA_TITLES.put("semicolon, then equals", "a;=1+1");
    FORMULA_TITLES.put("semicolon, space, then full-width equals", "Tin mới; \uff1dHYPERLINK(\"http://x\")");
    FORMULA_TITLES.put("semicolon, quote, then at", "a;\"@SUM(1+1)");
    FORMULA_TITLES.put("comma, then minus", "Hà Nội,-2+3+cmd|' /C calc'!A0");
    FORMULA_TITLES.put("tab inside, then plus", "a\t+1+1");
    FORMULA_TITLES.put("line break inside, then equals", "Tin nóng\r\n=1+1");
  }

  private static final String SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b";
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9]+");

  private Spreadsheets() {
  }

  /** Every cell some reader could see in {@code csv} that it would run as a formula. */
  static List<String> formulas(String csv) {
    List<String> cells = new ArrayList<>();
    // A reader that ignores quotes may start a cell at the file's start or after any separator or line break.
    for (int start = 0; start < csv.length(); start++) {
      if (start == 0 || ",;\t\r\n".indexOf(csv.charAt(start - 1)) >= 0) {
        cells.add(csv.substring(start, nextBreak(csv, start)));
      }
    }
    rfc4180(csv).forEach(cells::addAll);
    return cells.stream().filter(Spreadsheets::isFormula).toList();
  }

  private static int nextBreak(String text, int from) {
    int i = from;
    while (i < text.length() && ",;\t\r\n".indexOf(text.charAt(i)) < 0) {
      i++;
    }
    return i;
  }

  private static boolean isFormula(String cell) {
    int i = 0;
    while (i < cell.length() && isSkipped(cell.charAt(i))) {
      i++;
    }
    return i < cell.length() && SIGNS.indexOf(cell.charAt(i)) >= 0 && !PLAIN_NUMBER.matcher(cell.strip()).matches();
  }

  private static boolean isSkipped(char c) {
    return c <= ' ' || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT || c == '"';
  }

  /** RFC 4180 with ",": quoted fields may hold commas, doubled quotes and line breaks. */
  static List<List<String>> rfc4180(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        fields.add(field.toString());
        field.setLength(0);
        rows.add(fields);
        fields = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    if (!fields.isEmpty() || field.length() > 0) {
      fields.add(field.toString());
      rows.add(fields);
    }
    return rows;
  }
}
