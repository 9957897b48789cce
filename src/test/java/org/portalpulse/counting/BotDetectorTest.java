package org.portalpulse.counting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bots are recognised with the maintained crawler-user-agents list")
class BotDetectorTest {
  private final BotDetector bots = BotDetector.fromBundledList();

  @Test
  @DisplayName("Every example User-Agent the list itself gives is recognised as a bot")
  void everyListedInstanceIsABot() throws Exception {
    List<String> instances = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/bots/crawler-user-agents.json")) {
      JsonArray list = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      for (Object entry : list) {
        JsonArray examples = ((JsonObject) entry).getJsonArray("instances");
        if (examples != null) {
          examples.forEach(e -> instances.add((String) e));
        }
      }
    }
    assertThat(instances).hasSizeGreaterThan(1_000);
    assertThat(instances).allSatisfy(ua -> assertThat(bots.isBot(ua)).as(ua).isTrue());
  }

  @Test
  @DisplayName("Readers' browsers are not bots")
  void browsersAreNotBots() {
    List<String> browsers = List.of(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Linux; Android 13; CPH2591) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36 Zalo iOS/2408",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 coc_coc_browser/128.0.0.0");
    assertThat(browsers).allSatisfy(ua -> assertThat(bots.isBot(ua)).as(ua).isFalse());
  }
}
