package org.portalpulse.content;

import java.util.List;
import java.util.Optional;

/** {@code ?page=N}: absent means 1; anything but a positive whole number is refused. */
final class PageNumber {
  private static final int MAX = 1_000_000;

  private PageNumber() {
  }

  static Optional<Integer> parse(List<String> values) {
    if (values.isEmpty()) {
      return Optional.of(1);
    }
    String raw = values.get(0).trim();
    if (raw.isEmpty() || raw.length() > 7 || !raw.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    int page = Integer.parseInt(raw);
    return page >= 1 && page <= MAX ? Optional.of(page) : Optional.empty();
  }
}
