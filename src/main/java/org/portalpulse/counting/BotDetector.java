package org.portalpulse.counting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Recognises crawlers by User-Agent with the community-maintained list from
 * github.com/monperrus/crawler-user-agents (MIT), vendored in {@code bots/crawler-user-agents.json}.
 * Matching 1 500 patterns costs far more than a page render, so verdicts are cached per User-Agent;
 * real traffic carries few distinct ones.
 */
public final class BotDetector {
  private static final Logger LOG = LoggerFactory.getLogger(BotDetector.class);
  private static final String LIST = "/bots/crawler-user-agents.json";
  private static final int MAX_MATCHED = 512;

  private final Pattern anyBot;
  private final Cache<String, Boolean> verdicts = Caffeine.newBuilder().maximumSize(20_000).build();

  BotDetector(List<String> patterns) {
    this.anyBot = Pattern.compile(patterns.stream()
        .map(p -> "(?:" + p + ")")
        .collect(Collectors.joining("|")));
  }

  public static BotDetector fromBundledList() {
    return new BotDetector(loadPatterns());
  }

  public boolean isBot(String userAgent) {
    // Crawlers name themselves early; a bound keeps an 8 KB made-up User-Agent from costing 8 KB
    // of cache and a long regex scan.
    String head = userAgent.length() > MAX_MATCHED ? userAgent.substring(0, MAX_MATCHED) : userAgent;
    return verdicts.get(head, ua -> anyBot.matcher(ua).find());
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
