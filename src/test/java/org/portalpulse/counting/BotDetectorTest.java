package org.portalpulse.counting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bots are recognised with the maintained crawler-user-agents list")
class BotDetectorTest {
  private static final List<String> BROWSERS = List.of(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "Mozilla/5.0 (Linux; Android 13; CPH2591) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36 Zalo iOS/2408",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 coc_coc_browser/128.0.0.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
      "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/489.0.0.40.106;FBBV/655424931;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.6;FBSS/3;FBCR/;FBID/phone;FBLC/vi_VN;FBOP/80]",
      "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
      "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
      "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");

  private static final List<String> REGEXES = BotDetector.loadPatterns();
  private static final BotDetector BOTS = new BotDetector(REGEXES);
  // How it was decided before: the whole list as one alternation, tried at every position.
  private static final Pattern EVERY_PATTERN_AT_ONCE = Pattern.compile(
      REGEXES.stream().map(p -> "(?:" + p + ")").collect(Collectors.joining("|")));

  @Test
  @DisplayName("Every example User-Agent the list itself gives is recognised as a bot")
  void everyListedInstanceIsABot() throws Exception {
    List<String> instances = listedInstances();
    assertThat(instances).hasSizeGreaterThan(1_000);
    assertThat(instances).allSatisfy(ua -> assertThat(BOTS.isBot(ua)).as(ua).isTrue());
  }

  @Test
  @DisplayName("Readers' browsers are not bots, and cost no regex")
  void browsersAreNotBots() {
    assertThat(BROWSERS).allSatisfy(ua -> assertThat(BOTS.check(ua)).as(ua).isEqualTo(new BotDetector.Verdict(false, 0)));
  }

  @Test
  @DisplayName("The verdicts are those of the whole list tried at once, on the list's examples, near misses of them and browsers")
  void sameVerdictsAsEveryPatternAtOnce() throws Exception {
    List<String> userAgents = new ArrayList<>(BROWSERS);
    Random random = new Random(12);
    for (String instance : listedInstances()) {
      userAgents.add(instance);
      userAgents.add(nearMiss(instance, random));
      userAgents.add(nearMiss(instance, random));
      userAgents.add("x" + instance.toLowerCase());
    }
    int bots = 0;
    for (String ua : userAgents) {
      boolean expected = EVERY_PATTERN_AT_ONCE.matcher(ua.length() > 512 ? ua.substring(0, 512) : ua).find();
      assertThat(BOTS.isBot(ua)).as(ua).isEqualTo(expected);
      bots += expected ? 1 : 0;
    }
    // Again, in another order: now some verdicts come from the table of recent ones, some slots taken by others.
    for (int i = userAgents.size() - 1; i >= 0; i--) {
      String ua = userAgents.get(i);
      assertThat(BOTS.isBot(ua)).as(ua).isEqualTo(EVERY_PATTERN_AT_ONCE.matcher(ua.length() > 512 ? ua.substring(0, 512) : ua).find());
    }
    assertThat(bots).as("the near misses include both bots and not").isBetween(userAgents.size() / 3, userAgents.size() - 1_000);
  }

  @Test
  @DisplayName("Every pattern of the list is filed under a literal, so none is tried on every User-Agent")
  void everyPatternHasAKeyword() {
    assertThat(REGEXES).hasSizeGreaterThan(1_000);
    assertThat(REGEXES).allSatisfy(regex -> assertThat(RequiredLiterals.of(regex)).as(regex).isPresent());
  }

  @Test
  @DisplayName("A unique 512-character User-Agent runs at most one of the list's regexes, not the list")
  void aUniqueLongUserAgentRunsAtMostOneRegex() {
    Random random = new Random(512);
    for (int i = 0; i < 2_000; i++) {
      String ua = uniqueLongUserAgent(BROWSERS.get(i % BROWSERS.size()), random);
      assertThat(ua).hasSize(512);
      assertThat(BOTS.check(ua).regexesRun()).as(ua).isLessThanOrEqualTo(1);
    }
  }

  @Test
  @DisplayName("A User-Agent crafted to make as many regexes run as it can without being a bot runs a handful")
  void aCraftedUserAgentRunsFewRegexes() {
    String crafted = craftedUserAgent();
    BotDetector.Verdict verdict = BOTS.check(crafted);
    assertThat(EVERY_PATTERN_AT_ONCE.matcher(crafted).find()).isFalse();
    assertThat(verdict.bot()).isFalse();
    assertThat(verdict.regexesRun()).as(crafted).isBetween(1, 10);
  }

  /**
   * Every keyword in turn, each followed by "-x" (which "AdsBot-Google([^-]|$)" refuses), kept when it
   * makes one more regex run without making a bot; bench/ua-cost.sh sends this, made unique.
   */
  static String craftedUserAgent() {
    String crafted = "x";
    for (String regex : REGEXES) {
      for (String keyword : RequiredLiterals.of(regex).orElseThrow()) {
        String longer = crafted + keyword.replace(String.valueOf(KeywordScanner.TEXT_START), "") + "-x";
        BotDetector.Verdict verdict = BOTS.check(longer);
        if (longer.length() <= 512 && !verdict.bot() && verdict.regexesRun() > BOTS.check(crafted).regexesRun()) {
          crafted = longer;
        }
      }
    }
    return crafted;
  }

  /** What an attacker sends to miss any cache: a browser's User-Agent padded with a random token to 512 characters. */
  static String uniqueLongUserAgent(String browser, Random random) {
    StringBuilder ua = new StringBuilder(browser).append(" id/");
    while (ua.length() < 512) {
      ua.append(Character.forDigit(random.nextInt(16), 16));
    }
    return ua.toString();
  }

  /** The instance with one character changed, removed or doubled where the list's first match of it lies. */
  private static String nearMiss(String instance, Random random) {
    Matcher match = EVERY_PATTERN_AT_ONCE.matcher(instance);
    assertThat(match.find()).as(instance).isTrue();
    StringBuilder s = new StringBuilder(instance);
    int at = match.end() > match.start() ? match.start() + random.nextInt(match.end() - match.start()) : match.start();
    switch (random.nextInt(3)) {
      case 0 -> s.setCharAt(at, (char) (Character.isUpperCase(s.charAt(at)) ? Character.toLowerCase(s.charAt(at)) : 'Z'));
      case 1 -> s.deleteCharAt(at);
      default -> s.insert(at, s.charAt(at));
    }
    return s.toString();
  }

  private static List<String> listedInstances() throws Exception {
    List<String> instances = new ArrayList<>();
    try (InputStream in = BotDetectorTest.class.getResourceAsStream("/bots/crawler-user-agents.json")) {
      JsonArray list = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (Object entry : list) {
        JsonArray examples = ((JsonObject) entry).getJsonArray("instances");
        if (examples != null) {
          examples.forEach(e -> instances.add((String) e));
        }
      }
    }
    return instances;
  }
}
