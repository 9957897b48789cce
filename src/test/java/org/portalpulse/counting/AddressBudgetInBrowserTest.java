package org.portalpulse.counting;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.HeadlessChromium;
import org.portalpulse.support.NeedsBrowser;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@NeedsBrowser
@ExtendWith(VertxExtension.class)
@DisplayName("Readers in real browsers count past their address's budget: the page itself is the proof")
class AddressBudgetInBrowserTest {
  private static final Path ARTIFACTS = Path.of("target", "browser-artifacts", "address-budget");
  private static final String[] READERS = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"};

  @Test
  @DisplayName("with the budget of 127.0.0.1 used up by a script, two browsers on it still add two views")
  void browsersProveThemselves(Vertx vertx) {
    HeadlessChromium.clearArtifacts(ARTIFACTS);
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADDRESS_BUDGET, "3");
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      // The browsers connect from 127.0.0.1 with no X-Forwarded-For: use up that address's budget.
      for (int i = 0; i < 10; i++) {
        server.reader().request(HttpMethod.GET, "/", null,
            MultiMap.caseInsensitiveMultiMap().add("User-Agent", Reader.BROWSER + " script/" + i)).await();
      }
      long before = server.reader().pageViews(slug);
      String url = "http://127.0.0.1:" + server.app().config().httpPort() + "/articles/" + slug;
      for (int i = 0; i < READERS.length; i++) {
        try (HeadlessChromium browser = HeadlessChromium.start("reader-" + i, READERS[i], ARTIFACTS)) {
          browser.open(url);
          long expected = before + i + 1;
          await("the reader's view counted once its page opened the live socket").atMost(Duration.ofSeconds(10))
              .untilAsserted(() -> assertThat(server.reader().pageViews(slug)).isEqualTo(expected));
          browser.saveArtifacts("counted");
        }
      }
      assertThat(server.reader().pageViews(slug)).isEqualTo(before + READERS.length);
    }
  }
}
