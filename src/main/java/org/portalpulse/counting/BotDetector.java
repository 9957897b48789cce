package org.portalpulse.counting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recognises crawlers by User-Agent with the community-maintained list from
 * github.com/monperrus/crawler-user-agents (MIT), vendored in {@code bots/crawler-user-agents.json}.
 *
 * <p>A User-Agent is a bot when one of the list's patterns matches it, as the list means. But the
 * User-Agent is the client's to choose, so a verdict must not cost as much as trying every pattern:
 * each pattern is filed under the literals one of which its matches must contain
 * ({@link RequiredLiterals}), one pass over the User-Agent ({@link KeywordScanner}) finds which of
 * those occur, and only their patterns run. Nearly every pattern's literal is the whole pattern,
 * so a literal found is usually a bot found, and a reader's User-Agent, holding none, runs none.
 * The verdicts of recent User-Agents are kept in a table of fixed size ({@link RecentVerdicts}): the
 * User-Agents of real readers repeat, and finding one there is cheaper still than the scan.
 */
public final class BotDetector {
  private static final Logger LOG = LoggerFactory.getLogger(BotDetector.class);
  private static final String LIST = "/bots/crawler-user-agents.json";
  // Crawlers name themselves early; the bound keeps an 8 KB made-up User-Agent from costing an 8 KB scan.
  private static final int MAX_MATCHED = 512;

  private final List<Pattern> patterns = new ArrayList<>();
  private final RecentVerdicts recent = new RecentVerdicts();
  private final KeywordScanner keywords;
  private final int[][] patternsByKeyword;
  // Patterns no literal could be named for: tried on every User-Agent (none in the vendored list).
  private final int[] patternsWithoutKeyword;

  BotDetector(List<String> regexes) {
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    List<Integer> withoutKeyword = new ArrayList<>();
    for (String regex : regexes) {
      int id = patterns.size();
      patterns.add(Pattern.compile(regex));
      Optional<Set<String>> literals = RequiredLiterals.of(regex);
      if (literals.isPresent()) {
        literals.get().forEach(literal -> byKeyword.computeIfAbsent(literal, k -> new ArrayList<>()).add(id));
      } else {
        withoutKeyword.add(id);
      }
    }
    if (!withoutKeyword.isEmpty()) {
      LOG.warn("{} bot patterns have no literal to look for and are tried on every User-Agent: {}",
          withoutKeyword.size(), withoutKeyword.stream().map(patterns::get).toList());
    }
    keywords = new KeywordScanner(new ArrayList<>(byKeyword.keySet()));
    patternsByKeyword = byKeyword.values().stream()
        .map(ids -> ids.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
    patternsWithoutKeyword = withoutKeyword.stream().mapToInt(Integer::intValue).toArray();
  }

  public static BotDetector fromBundledList() {
    return new BotDetector(loadPatterns());
  }

  public boolean isBot(String userAgent) {
    String head = head(userAgent);
    Boolean known = recent.get(head);
    if (known != null) {
      return known;
    }
    boolean bot = check(head).bot();
    recent.put(head, bot);
    return bot;
  }

  private static String head(String userAgent) {
    return userAgent.length() > MAX_MATCHED ? userAgent.substring(0, MAX_MATCHED) : userAgent;
  }

  /** The verdict, and how many of the list's regexes it took: what a request costs beyond one scan. */
  Verdict check(String userAgent) {
    String head = head(userAgent);
    Candidates candidates = new Candidates(head);
    for (int pattern : patternsWithoutKeyword) {
      if (candidates.matches(pattern)) {
        return candidates.verdict(true);
      }
    }
    return candidates.verdict(keywords.scan(head, candidates));
  }

  /** Whether a bot was recognised, and the number of regexes run to decide it. */
  record Verdict(boolean bot, int regexesRun) {
  }

  /** Runs each pattern whose keyword turns up, once, until one matches. */
  private final class Candidates implements KeywordScanner.Sink {
    private final String userAgent;
    private long[] tried;
    private int regexesRun;

    Candidates(String userAgent) {
      this.userAgent = userAgent;
    }

    @Override
    public boolean found(int keyword) {
      for (int pattern : patternsByKeyword[keyword]) {
        if (matches(pattern)) {
          return true;
        }
      }
      return false;
    }

    boolean matches(int pattern) {
      if (tried == null) {
        tried = new long[(patterns.size() + 63) / 64];
      }
      long bit = 1L << pattern;
      if ((tried[pattern >>> 6] & bit) != 0) {
        return false;
      }
      tried[pattern >>> 6] |= bit;
      regexesRun++;
      return patterns.get(pattern).matcher(userAgent).find();
    }

    Verdict verdict(boolean bot) {
      return new Verdict(bot, regexesRun);
    }
  }

  static List<String> loadPatterns() {
    JsonArray entries;
    try (InputStream in = BotDetector.class.getResourceAsStream(LIST)) {
      if (in == null) {
        throw new IllegalStateException("The bot list " + LIST + " is missing from the build");
      }
      entries = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> patterns = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      String pattern = ((JsonObject) entry).getString("pattern");
      try {
        Pattern.compile(pattern);
        patterns.add(pattern);
      } catch (PatternSyntaxException e) {
        LOG.warn("Skipping a bot pattern Java cannot compile: {}", pattern);
      }
    }
    return patterns;
  }
}
