package org.portalpulse.counting;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("One pass over a text finds every keyword in it")
class KeywordScannerTest {

  @Test
  @DisplayName("Overlapping keywords and keywords inside others are all found, each where it ends")
  void overlappingKeywords() {
    KeywordScanner scanner = new KeywordScanner(List.of("he", "she", "his", "hers"));
    List<Integer> found = new ArrayList<>();
    scanner.scan("ushers", keyword -> {
      found.add(keyword);
      return false;
    });
    assertThat(found).containsExactly(1, 0, 3);
  }

  @Test
  @DisplayName("The same keywords as a search of each one, on random texts over a small alphabet")
  void sameAsSearchingEachKeyword() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<String> keywords = new ArrayList<>();
      for (int k = 0; k < 1 + random.nextInt(40); k++) {
        keywords.add(randomText(random, 1 + random.nextInt(6)));
      }
      KeywordScanner scanner = new KeywordScanner(keywords);
      for (int t = 0; t < 20; t++) {
        String text = randomText(random, random.nextInt(80)) + "é\u4e2d";
        TreeSet<Integer> expected = new TreeSet<>();
        for (int k = 0; k < keywords.size(); k++) {
          if (text.contains(keywords.get(k))) {
            expected.add(k);
          }
        }
        TreeSet<Integer> found = new TreeSet<>();
        scanner.scan(text, keyword -> {
          found.add(keyword);
          return false;
        });
        assertThat(found).as("%s in %s", keywords, text).isEqualTo(expected);
      }
    }
  }

  @Test
  @DisplayName("A keyword led by TEXT_START is found at the start of the text only, and no character of the text stands for it")
  void textStart() {
    char start = KeywordScanner.TEXT_START;
    KeywordScanner scanner = new KeywordScanner(List.of(start + "curl", " curl"));
    List<Integer> found = new ArrayList<>();
    for (String text : List.of("curl/8.5", "libcurl/8.5", "x" + start + "curl", "a curl")) {
      scanner.scan(text, keyword -> {
        found.add(keyword);
        return false;
      });
    }
    assertThat(found).containsExactly(0, 1);
  }

  @Test
  @DisplayName("The sink can stop the scan at the first keyword")
  void stopsWhenTold() {
    KeywordScanner scanner = new KeywordScanner(List.of("bot", "crawler"));
    List<Integer> found = new ArrayList<>();
    assertThat(scanner.scan("bot and crawler", keyword -> found.add(keyword))).isTrue();
    assertThat(found).containsExactly(0);
    assertThat(scanner.scan("a reader", keyword -> true)).isFalse();
  }

  @Test
  @DisplayName("An empty keyword is refused: it would be found in every text")
  void emptyKeywordRefused() {
    assertThatThrownBy(() -> new KeywordScanner(List.of("bot", ""))).isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append("abcAB/ ".charAt(random.nextInt(7)));
    }
    return text.toString();
  }
}
