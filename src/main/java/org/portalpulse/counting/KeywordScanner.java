package org.portalpulse.counting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds which of many keywords occur in a text in one pass: an Aho-Corasick automaton with every
 * transition worked out in advance, so each character of the text costs one table look-up whatever
 * the number of keywords, and a scan allocates nothing.
 *
 * <p>The table trades memory (states × distinct keyword characters) for that single look-up. Written
 * here rather than taken from org.ahocorasick:ahocorasick, which keeps a map of boxed characters per
 * state, follows failure links while scanning and collects its matches into new objects, on every
 * page request; it also has no way to say "at the start of the text", which "^curl" needs.
 */
final class KeywordScanner {
  /** Told each keyword found, in the order their ends occur; returns true to stop the scan. */
  interface Sink {
    boolean found(int keyword);
  }

  /**
   * As a keyword's first character, the start of the text, which no character of the text is
   * ("^curl" must find "curl" only there). The scan reads it before the text's first character.
   */
  static final char TEXT_START = '\uFFFF';

  private static final int[] NONE = new int[0];

  // A column per character that occurs in some keyword; column 0 for every other character.
  private final char[] columnOf;
  private final int startColumn;
  // Row after row, state by state: the offset of the next state's row, negated (~) when a keyword
  // ends there, so that the common step reads one table and neither multiplies nor looks elsewhere.
  private final int[] next;
  // By state: the keywords that end where the automaton stands, its own and those of every suffix.
  private final int[][] endingAt;
  private final int columns;

  /** Keyword {@code i} of the scans is {@code keywords.get(i)}; none may be empty. */
  KeywordScanner(List<String> keywords) {
    char highest = 0;
    for (String keyword : keywords) {
      if (keyword.isEmpty()) {
        throw new IllegalArgumentException("An empty keyword would be found everywhere");
      }
      for (int i = 0; i < keyword.length(); i++) {
        if (keyword.charAt(i) != TEXT_START) {
          highest = (char) Math.max(highest, keyword.charAt(i));
        }
      }
    }
    columnOf = new char[highest + 1];
    int used = 1;
    for (String keyword : keywords) {
      for (int i = 0; i < keyword.length(); i++) {
        char c = keyword.charAt(i);
        if (c != TEXT_START && columnOf[c] == 0) {
          columnOf[c] = (char) used++;
        }
      }
    }
    startColumn = used++;
    columns = used;

    Trie trie = new Trie(columns);
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      int[] path = new int[keyword.length()];
      for (int i = 0; i < path.length; i++) {
        path[i] = keyword.charAt(i) == TEXT_START ? startColumn : columnOf[keyword.charAt(i)];
      }
      trie.add(path, k);
    }
    endingAt = trie.completeTransitions();
    next = trie.transitions;
    for (int slot = 0; slot < next.length; slot++) {
      int state = next[slot];
      next[slot] = endingAt[state] == null ? state * columns : ~(state * columns);
    }
  }

  /** Reports every occurrence of every keyword in {@code text}; true when the sink stopped the scan. */
  boolean scan(String text, Sink sink) {
    int[] next = this.next;
    char[] columnOf = this.columnOf;
    int row = next[startColumn];
    if (row < 0) {
      row = ~row;
      if (report(row, sink)) {
        return true;
      }
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      row = next[row + (c < columnOf.length ? columnOf[c] : 0)];
      if (row < 0) {
        row = ~row;
        if (report(row, sink)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean report(int row, Sink sink) {
    for (int keyword : endingAt[row / columns]) {
      if (sink.found(keyword)) {
        return true;
      }
    }
    return false;
  }

  /** The keyword tree, then the automaton made from it in place. State 0 is the root. */
  private static final class Trie {
    private final int columns;
    private int[] transitions;
    private final List<int[]> keywordsAt = new ArrayList<>();
    private int states;

    Trie(int columns) {
      this.columns = columns;
      this.transitions = new int[columns * 64];
      newState();
    }

    void add(int[] path, int id) {
      int state = 0;
      for (int column : path) {
        int slot = state * columns + column;
        if (transitions[slot] == 0) {
          int child = newState();
          transitions[slot] = child;
        }
        state = transitions[slot];
      }
      int[] here = keywordsAt.get(state);
      int[] more = Arrays.copyOf(here, here.length + 1);
      more[here.length] = id;
      keywordsAt.set(state, more);
    }

    /**
     * Breadth first, so that a state's longest proper suffix in the tree (its failure state) is
     * complete before the state itself: a missing transition is then the failure state's, and the
     * keywords ending at a state are its own and its failure state's.
     */
    int[][] completeTransitions() {
      transitions = Arrays.copyOf(transitions, states * columns);
      int[] failure = new int[states];
      int[][] endingAt = new int[states][];
      int[] queue = new int[states];
      int head = 0;
      int tail = 0;
      for (int column = 0; column < columns; column++) {
        int child = transitions[column];
        if (child > 0) {
          queue[tail++] = child;
        }
      }
      while (head < tail) {
        int state = queue[head++];
        int[] own = keywordsAt.get(state);
        int[] inherited = endingAt[failure[state]];
        endingAt[state] = own.length == 0 ? inherited : concat(own, inherited);
        for (int column = 0; column < columns; column++) {
          int slot = state * columns + column;
          int viaFailure = transitions[failure[state] * columns + column];
          int child = transitions[slot];
          if (child > 0) {
            failure[child] = viaFailure;
            queue[tail++] = child;
          } else {
            transitions[slot] = viaFailure;
          }
        }
      }
      return endingAt;
    }

    private int newState() {
      if ((states + 1) * columns > transitions.length) {
        transitions = Arrays.copyOf(transitions, transitions.length * 2);
      }
      keywordsAt.add(NONE);
      return states++;
    }

    private static int[] concat(int[] own, int[] inherited) {
      if (inherited == null) {
        return own;
      }
      int[] all = Arrays.copyOf(own, own.length + inherited.length);
      System.arraycopy(inherited, 0, all, own.length, inherited.length);
      return all;
    }
  }
}
