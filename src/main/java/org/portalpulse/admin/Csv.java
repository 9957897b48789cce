package org.portalpulse.admin;

import java.text.Normalizer;

/**
 * A table written as RFC 4180 CSV: a header line, then one line per row, fields quoted when they need it.
 * Numbers are ours and written as they are; text is written so that no spreadsheet reads a formula in it.
 */
final class Csv {
  /** Where a spreadsheet may start a new cell inside a field: separators it may be told to split on, and line breaks. */
  private static final String CELL_BREAKS = ",;\t\r\n";
  private static final String FORMULA_SIGNS = "=+-@";

  private final StringBuilder text = new StringBuilder();

  Csv(String... header) {
    row((Object[]) header);
  }

  Csv row(Object... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      Object field = fields[i];
      text.append(field instanceof Number ? field.toString() : quoted(neutralised(field == null ? "" : field.toString())));
    }
    text.append("\r\n");
    return this;
  }

  /**
   * OWASP's advice for CSV injection: a cell that a spreadsheet would run as a formula (an article titled
   * "=HYPERLINK(…)") is made text by an apostrophe in front. Not only at the field's start: spreadsheets
   * skip leading spaces, a cell may begin after a line break, and one set to split on ";" (the default in
   * Vietnamese settings) or on tabs ignores our quotes and starts a cell after every such separator. So
   * wherever a cell could start, and spaces or quotes then lead to = + - @ or their full-width forms, an
   * apostrophe goes there; a field that starts with a tab or a line break gets one in any case.
   */
  static String neutralised(String raw) {
    StringBuilder safe = null;
    for (int start = 0; start <= raw.length(); start++) {
      boolean cellStart = start == 0 || CELL_BREAKS.indexOf(raw.charAt(start - 1)) >= 0;
      if (cellStart && (startsFormula(raw, start) || start == 0 && !raw.isEmpty() && Character.isISOControl(raw.charAt(0)))) {
        if (safe == null) {
          safe = new StringBuilder(raw.length() + 8).append(raw, 0, start);
        }
        safe.append('\'');
      }
      if (safe != null && start < raw.length()) {
        safe.append(raw.charAt(start));
      }
    }
    return safe == null ? raw : safe.toString();
  }

  private static boolean startsFormula(String raw, int start) {
    int i = start;
    while (i < raw.length() && isLeadIn(raw.charAt(i))) {
      i++;
    }
    return i < raw.length() && isFormulaSign(raw.charAt(i));
  }

  /** What a spreadsheet may skip before a cell's content: spaces of every kind, invisible characters, quotes. */
  private static boolean isLeadIn(char c) {
    if (CELL_BREAKS.indexOf(c) >= 0) {
      return false; // a cell that starts after it is looked at on its own
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT || c == '"';
  }

  /** = + - @, and the forms that stand for them: full-width ＝ ＋ － ＠, small and raised variants. */
  private static boolean isFormulaSign(char c) {
    if (c < 128) {
      return FORMULA_SIGNS.indexOf(c) >= 0;
    }
    String plain = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
    return plain.length() == 1 && FORMULA_SIGNS.indexOf(plain.charAt(0)) >= 0;
  }

  private static String quoted(String field) {
    boolean needsQuotes = false;
    for (int i = 0; i < field.length() && !needsQuotes; i++) {
      needsQuotes = CELL_BREAKS.indexOf(field.charAt(i)) >= 0 || field.charAt(i) == '"';
    }
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
