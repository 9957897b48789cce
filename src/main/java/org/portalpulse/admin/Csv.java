package org.portalpulse.admin;

/** A table written as RFC 4180 CSV: a header line, then one line per row, fields quoted when they need it. */
final class Csv {
  private final StringBuilder text = new StringBuilder();

  Csv(String... header) {
    row((Object[]) header);
  }

  Csv row(Object... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(quoted(fields[i] == null ? "" : fields[i].toString()));
    }
    text.append("\r\n");
    return this;
  }

  private static String quoted(String raw) {
    // A spreadsheet would run a text that starts like a formula (an article titled "=HYPERLINK(…)"):
    // such a field is written as text, behind an apostrophe (OWASP's advice for CSV injection).
    String field = !raw.isEmpty() && "=+-@\t\r".indexOf(raw.charAt(0)) >= 0 ? "'" + raw : raw;
    boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
        || field.indexOf('\r') >= 0;
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
