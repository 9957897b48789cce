package org.portalpulse.admin;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("CSV cells are text to a spreadsheet, however it splits them; numbers stay numbers")
class CsvTest {

  static Stream<Arguments> formulaTitles() {
    return Spreadsheets.FORMULA_TITLES.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formulaTitles")
  @DisplayName("no reader, splitting on , ; tab or line breaks, finds a formula; the text is kept but for apostrophes")
  void noFormulaForAnyReader(String what, String title) {
    String unsafe = "title\r\n\"" + title.replace("\"", "\"\"") + "\"\r\n";
    assertThat(Spreadsheets.formulas(unsafe)).as("%s, written as it is", what).isNotEmpty();
    String csv = new Csv("slug", "title", "views").row("bai-viet", title, 7L).toString();
    assertThat(Spreadsheets.formulas(csv)).as(what).isEmpty();
    List<List<String>> rows = Spreadsheets.rfc4180(csv);
    assertThat(rows).as(what).hasSize(2);
    assertThat(rows.get(1)).as(what).hasSize(3);
    assertThat(rows.get(1).get(1).replace("'", "")).as(what).isEqualTo(title.replace("'", ""));
    assertThat(rows.get(1).get(2)).as(what).isEqualTo("7");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("written")
  @DisplayName("an apostrophe goes where a cell could start with a formula, and only there")
  void apostropheWhereACellCouldStart(String what, String title, String written) {
    assertThat(new Csv("title").row(title).toString()).as(what).isEqualTo("title\r\n" + written + "\r\n");
  }

  static Stream<Arguments> written() {
    return Stream.of(
        Arguments.of("space, then equals", " =1+1", "' =1+1"),
        Arguments.of("line feed, then equals", "\n=1+1", "\"'\n'=1+1\""),
        Arguments.of("tab first (OWASP: a cell must not start with a tab)", "\tx", "\"'\tx\""),
        Arguments.of("full-width equals", "\uff1d1+1", "'\uff1d1+1"),
        Arguments.of("full-width at", "\uff20SUM(1)", "'\uff20SUM(1)"),
        Arguments.of("semicolon, then equals", "a;=1+1", "\"a;'=1+1\""),
        Arguments.of("semicolon, space, then full-width minus", "a; \uff0d1", "\"a;' \uff0d1\""),
        Arguments.of("comma, then plus", "a,+1", "\"a,'+1\""),
        Arguments.of("a semicolon alone is quoted", "a;b", "\"a;b\""),
        Arguments.of("CR LF, then equals", "a\r\n=1", "\"a\r\n'=1\""));
  }

  @Test
  @DisplayName("numbers are written as they are, negative ones too; ordinary titles with dashes and at signs are untouched")
  void numbersAndOrdinaryTextUntouched() {
    String csv = new Csv("target", "title", "legacyViews")
        .row("site", "", -5L)
        .row("covid-19", "Covid-19 - tin mới", 0L)
        .row("lien-he", "Liên hệ: toasoan@example.vn", 12_143_077L)
        .toString();
    assertThat(csv).isEqualTo("target,title,legacyViews\r\nsite,,-5\r\n"
        + "covid-19,Covid-19 - tin mới,0\r\nlien-he,Liên hệ: toasoan@example.vn,12143077\r\n");
  }
}
