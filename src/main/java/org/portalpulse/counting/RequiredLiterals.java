package org.portalpulse.counting;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one regular expression of the crawler list and names literals of which every match contains
 * at least one: {@code Googlebot\/} needs "Googlebot/", {@code [wW]get} needs "wget" or "Wget",
 * {@code Ahrefs(Bot|SiteAudit)} needs "AhrefsBot" or "AhrefsSiteAudit", {@code (^| )sentry\/} needs
 * "sentry/" at the start ({@link KeywordScanner#TEXT_START}) or " sentry/". A User-Agent holding none
 * of them cannot match, so the regex need not run on it.
 *
 * <p>It understands the part of the syntax the list uses: literal characters and escapes, groups,
 * alternation, short classes of single characters, quantifiers and anchors. Anything else (flags,
 * back-references, lookaround, ranges) either counts as "any character", which only makes a literal
 * shorter, or gives no literal at all; such a pattern is then tried on every User-Agent. Being
 * wrong in the other direction, naming a literal a match could lack, would let a bot count: every
 * rule below only ever forgets what it cannot prove.
 */
final class RequiredLiterals {
  // Wider classes and alternations are "any character": "[a-z]{3}" would otherwise list 17 576 literals.
  private static final int MAX_ALTERNATIVES = 16;

  private final String regex;
  private int pos;

  private RequiredLiterals(String regex) {
    this.regex = regex;
  }

  /** Literals one of which every match of {@code regex} contains, or empty when none can be named. */
  static Optional<Set<String>> of(String regex) {
    RequiredLiterals parser = new RequiredLiterals(regex);
    try {
      Fragment whole = parser.alternation();
      if (parser.pos != regex.length()) {
        throw new Unsupported();
      }
      return Optional.ofNullable(whole.best());
    } catch (Unsupported | IndexOutOfBoundsException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Fragment alternation() {
    List<Fragment> branches = new ArrayList<>();
    branches.add(sequence());
    while (pos < regex.length() && regex.charAt(pos) == '|') {
      pos++;
      branches.add(sequence());
    }
    return branches.size() == 1 ? branches.get(0) : Fragment.anyOf(branches);
  }

  private Fragment sequence() {
    List<Fragment> parts = new ArrayList<>();
    while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
      parts.add(quantified(atom()));
    }
    return Fragment.sequence(parts);
  }

  private Fragment atom() {
    char c = regex.charAt(pos++);
    if (Character.isSurrogate(c) || c == KeywordScanner.TEXT_START) {
      // A quantifier after a surrogate pair applies to the whole code point, not to its second half.
      throw new Unsupported();
    }
    switch (c) {
      case '(':
        if (regex.charAt(pos) == '?') {
          if (regex.charAt(pos + 1) != ':') {
            throw new Unsupported();
          }
          pos += 2;
        }
        Fragment inner = alternation();
        if (regex.charAt(pos++) != ')') {
          throw new Unsupported();
        }
        return inner;
      case '[':
        return characterClass();
      case '\\':
        return escape();
      case '.':
        return Fragment.UNKNOWN;
      case '^':
        return Fragment.literal(String.valueOf(KeywordScanner.TEXT_START));
      case '$':
        // Also before a final line terminator: no "end of text" character can stand for it.
        return Fragment.EMPTY;
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Unsupported();
      default:
        return Fragment.literal(String.valueOf(c));
    }
  }

  private Fragment escape() {
    char e = regex.charAt(pos++);
    if (!Character.isLetterOrDigit(e)) {
      return Fragment.literal(String.valueOf(e));
    }
    switch (e) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        return Fragment.UNKNOWN;
      case 'A':
        return Fragment.literal(String.valueOf(KeywordScanner.TEXT_START));
      case 'b': case 'B': case 'z': case 'Z': case 'G':
        return Fragment.EMPTY;
      default:
        // \Q…\E, \p{…}, \x41, back-references: not in the list today, and not worth guessing at.
        throw new Unsupported();
    }
  }

  /** Only a list of single characters, like [wW] or [Cc], gives literals; ranges and negations are any character. */
  private Fragment characterClass() {
    boolean listed = regex.charAt(pos) != '^';
    if (!listed) {
      pos++;
    }
    if (regex.charAt(pos) == ']') {
      throw new Unsupported();
    }
    Set<String> members = new LinkedHashSet<>();
    while (true) {
      char c = regex.charAt(pos++);
      if (c == ']') {
        break;
      }
      if (c == '[' || (c == '&' && regex.charAt(pos) == '&') || Character.isSurrogate(c)) {
        throw new Unsupported();
      }
      if (c == '\\') {
        char e = regex.charAt(pos++);
        if (Character.isLetterOrDigit(e)) {
          listed = false;
        } else {
          members.add(String.valueOf(e));
        }
      } else if (regex.charAt(pos) == '-' && regex.charAt(pos + 1) != ']') {
        listed = false;
        pos += regex.charAt(pos + 1) == '\\' ? 3 : 2;
      } else {
        members.add(String.valueOf(c));
      }
    }
    return listed && members.size() <= MAX_ALTERNATIVES ? new Fragment(members, null) : Fragment.UNKNOWN;
  }

  private Fragment quantified(Fragment atom) {
    if (pos == regex.length()) {
      return atom;
    }
    int min;
    boolean once = false;
    switch (regex.charAt(pos)) {
      case '*', '?' -> {
        min = 0;
        pos++;
      }
      case '+' -> {
        min = 1;
        pos++;
      }
      case '{' -> {
        int close = regex.indexOf('}', pos);
        String[] bounds = regex.substring(pos + 1, close).split(",", -1);
        min = Integer.parseInt(bounds[0]);
        once = min == 1 && bounds.length == 1;
        pos = close + 1;
      }
      default -> {
        return atom;
      }
    }
    if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
      pos++;
    }
    if (once) {
      return atom;
    }
    // Repeated at least once, the atom's literals are still there; optional, nothing is.
    return min == 0 ? Fragment.UNKNOWN : new Fragment(null, atom.best());
  }

  /**
   * What is known of the strings a part of a regex matches: {@code exact} lists them all when they
   * are few; {@code required} holds literals one of which each contains. Either may be unknown (null).
   */
  private record Fragment(Set<String> exact, Set<String> required) {
    static final Fragment UNKNOWN = new Fragment(null, null);
    static final Fragment EMPTY = new Fragment(Set.of(""), null);

    static Fragment literal(String s) {
      return new Fragment(Set.of(s), null);
    }

    /** The most selective literal set that every match is known to contain, or null. */
    Set<String> best() {
      return stronger(exact, required);
    }

    static Fragment anyOf(List<Fragment> branches) {
      Set<String> exact = new LinkedHashSet<>();
      Set<String> required = new LinkedHashSet<>();
      for (Fragment branch : branches) {
        if (exact != null && branch.exact != null) {
          exact.addAll(branch.exact);
        } else {
          exact = null;
        }
        Set<String> best = branch.best();
        if (required != null && best != null) {
          required.addAll(best);
        } else {
          required = null;
        }
      }
      return new Fragment(exact != null && exact.size() <= MAX_ALTERNATIVES ? exact : null, required);
    }

    /**
     * A run of parts whose strings are all known gives their products ("Mail" "." "RU" is
     * "Mail.RU"; "^" is the text's start, other anchors are the empty string, and neither breaks a run); any part's own literals also
     * occur in every match. The most selective of these is kept.
     */
    static Fragment sequence(List<Fragment> parts) {
      Set<String> best = null;
      Set<String> run = Set.of("");
      boolean whole = true;
      for (Fragment part : parts) {
        best = stronger(best, part.best());
        Set<String> longer = part.exact == null ? null : product(run, part.exact);
        if (longer == null) {
          whole = false;
          best = stronger(best, run);
          run = part.exact == null ? Set.of("") : part.exact;
        } else {
          run = longer;
        }
      }
      best = stronger(best, run);
      return new Fragment(whole ? run : null, best);
    }

    private static Set<String> product(Set<String> prefixes, Set<String> suffixes) {
      if ((long) prefixes.size() * suffixes.size() > MAX_ALTERNATIVES) {
        return null;
      }
      Set<String> all = new LinkedHashSet<>();
      for (String prefix : prefixes) {
        for (String suffix : suffixes) {
          all.add(prefix + suffix);
        }
      }
      return all;
    }

    /** The set whose shortest literal is longest (fewest literals on a tie); a set holding "" says nothing. */
    private static Set<String> stronger(Set<String> a, Set<String> b) {
      if (!usable(a)) {
        return usable(b) ? b : null;
      }
      if (!usable(b)) {
        return a;
      }
      int shortestA = shortest(a);
      int shortestB = shortest(b);
      if (shortestA != shortestB) {
        return shortestA > shortestB ? a : b;
      }
      return a.size() <= b.size() ? a : b;
    }

    private static boolean usable(Set<String> literals) {
      return literals != null && !literals.isEmpty() && !literals.contains("");
    }

    private static int shortest(Set<String> literals) {
      return literals.stream().mapToInt(String::length).min().orElse(0);
    }
  }

  private static final class Unsupported extends RuntimeException {
    Unsupported() {
      super(null, null, false, false);
    }
  }
}
