package org.portalpulse.publishing;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The slug an article's address is made from, spelled from its Vietnamese title as readers would type
 * it: "Đà Nẵng đón khách" becomes {@code da-nang-don-khach}. The database makes it unique.
 */
final class Slugs {
  static final int MAX_LENGTH = 80;
  private static final String WITHOUT_LETTERS = "bai-viet";
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

  private Slugs() {
  }

  static String of(String title) {
    // đ is a letter of its own, not d with a mark: decomposing leaves it as it is.
    String unmarked = MARKS.matcher(Normalizer.normalize(title.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD))
        .replaceAll("");
    String slug = trimHyphens(NOT_ALPHANUMERIC.matcher(unmarked.toLowerCase(Locale.ROOT)).replaceAll("-"));
    if (slug.length() > MAX_LENGTH) {
      String cut = slug.substring(0, MAX_LENGTH);
      int lastWord = cut.lastIndexOf('-');
      slug = trimHyphens(lastWord > MAX_LENGTH / 2 ? cut.substring(0, lastWord) : cut);
    }
    return slug.isEmpty() ? WITHOUT_LETTERS : slug;
  }

  private static String trimHyphens(String text) {
    int from = 0;
    int to = text.length();
    while (from < to && text.charAt(from) == '-') {
      from++;
    }
    while (to > from && text.charAt(to - 1) == '-') {
      to--;
    }
    return text.substring(from, to);
  }
}
