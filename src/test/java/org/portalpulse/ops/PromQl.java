package org.portalpulse.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's lexical structure to lint queries: which metrics an expression reads, with
 * which label matchers, inside which function. Strings, label matchers and ranges are skipped whole,
 * so a label value never passes for a metric name.
 */
final class PromQl {
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
  private static final Set<String> COUNTER_SUFFIXES = Set.of("_total", "_bucket", "_count", "_sum");
  private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{(\\w+)(?::\\w+)?}|(\\w+))");

  private PromQl() {
  }

  /** A metric an expression reads: its name, its label matchers as written, and the innermost function around it. */
  record MetricUse(String name, String matchers, String function) {
    boolean isCounterSample() {
      return COUNTER_SUFFIXES.stream().anyMatch(name::endsWith);
    }
  }

  static List<MetricUse> metricUses(String expr) {
    List<MetricUse> uses = new ArrayList<>();
    Deque<String> calls = new ArrayDeque<>();
    String pendingAggregation = null;
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '{') {
        i = skipPast(expr, i, '{', '}');
      } else if (c == '[') {
        i = skipPast(expr, i, '[', ']');
      } else if (c == '(') {
        calls.push(pendingAggregation == null ? "" : pendingAggregation);
        pendingAggregation = null;
        i++;
      } else if (c == ')') {
        if (calls.isEmpty()) {
          throw new IllegalArgumentException("Unbalanced ) in " + expr);
        }
        calls.pop();
        i++;
      } else if (c == '$') {
        i = identifierEnd(expr, i + 1);
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < expr.length() && Character.isDigit(expr.charAt(i + 1)))) {
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int end = identifierEnd(expr, i);
        String word = expr.substring(i, end);
        int next = skipSpaces(expr, end);
        char after = next < expr.length() ? expr.charAt(next) : 0;
        if (LABEL_LISTS.contains(word)) {
          i = after == '(' ? skipPast(expr, next, '(', ')') : end;
        } else if (AGGREGATIONS.contains(word) && after != '{' && after != '[') {
          pendingAggregation = word;
          i = end;
        } else if (after == '(' && !KEYWORDS.contains(word)) {
          pendingAggregation = word;
          i = end;
        } else if (KEYWORDS.contains(word)) {
          i = end;
        } else {
          String matchers = "";
          i = end;
          if (after == '{') {
            int close = skipPast(expr, next, '{', '}');
            matchers = expr.substring(next + 1, close - 1);
            i = close;
          }
          uses.add(new MetricUse(word, matchers, calls.isEmpty() ? null : calls.peek()));
        }
      } else {
        i++;
      }
    }
    if (!calls.isEmpty()) {
      throw new IllegalArgumentException("Unbalanced ( in " + expr);
    }
    return uses;
  }

  /** Why this query breaks the dashboard rules, or nothing when it keeps them. */
  static List<String> dashboardProblems(String expr) {
    List<String> problems = new ArrayList<>();
    List<MetricUse> uses = metricUses(expr);
    if (uses.isEmpty()) {
      problems.add("reads no metric");
    }
    for (MetricUse use : uses) {
      if (use.isCounterSample() && !Set.of("rate", "increase").contains(use.function())) {
        problems.add(use.name() + " is a counter (or a histogram's cumulative sample) outside rate()/increase()");
      }
      if (!use.matchers().replace(" ", "").contains("job=~\"$job\"")) {
        problems.add(use.name() + " is not filtered by job=~\"$job\"");
      }
      if (!use.matchers().replace(" ", "").contains("instance=~\"$instance\"")) {
        problems.add(use.name() + " is not filtered by instance=~\"$instance\"");
      }
    }
    Matcher range = Pattern.compile("\\[([^\\]]*)]").matcher(expr);
    while (range.find()) {
      if (!range.group(1).equals("$__rate_interval")) {
        problems.add("range [" + range.group(1) + "] instead of [$__rate_interval]");
      }
    }
    return problems;
  }

  /** Every {@code $name} or {@code ${name}} in a text. */
  static List<String> variables(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      names.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return names;
  }

  /** Replaces Grafana's variables as a dashboard with these selections would before sending the query. */
  static String substitute(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(name);
      if (value == null) {
        throw new AssertionError("No value for $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int identifierEnd(String s, int i) {
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
      i++;
    }
    return i;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipString(String s, int i) {
    char quote = s.charAt(i);
    i++;
    while (i < s.length() && s.charAt(i) != quote) {
      i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
    }
    return i + 1;
  }

  /** The index just past the bracket that closes the one at {@code i}, skipping strings inside. */
  private static int skipPast(String s, int i, char open, char close) {
    int depth = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(s, i);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("No " + close + " closes the " + open + " in " + s);
  }
}
