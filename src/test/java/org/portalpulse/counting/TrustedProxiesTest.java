package org.portalpulse.counting;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("X-Forwarded-For is believed only from a trusted proxy")
class TrustedProxiesTest {

  @Test
  @DisplayName("Without trusted proxies, a forged X-Forwarded-For does not make a new visitor")
  void forgedForwardedForIsIgnored(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.TRUSTED_PROXIES, "");
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      long before = viewTwentyVisitors(server.reader());
      assertThat(server.reader().siteStats().getLong("total")).isEqualTo(before + 1);
      assertThat(server.reader().siteStats().getLong("online")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("Behind a trusted proxy, each forwarded address is its own visitor")
  void trustedProxyForwardsVisitors(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      long before = viewTwentyVisitors(server.reader());
      // "client, proxy" chains: the right-most untrusted hop is the visitor
      server.reader().get("/", "203.0.113.9, 127.0.0.1").await();
      server.reader().get("/", "198.51.100.1, 203.0.113.9").await();
      assertThat(server.reader().siteStats().getLong("total")).isEqualTo(before + 20 + 1);
      assertThat(server.reader().siteStats().getLong("online")).isEqualTo(21);
    }
  }

  /** Twenty requests of the home page, each claiming another address; returns the total before them. */
  private static long viewTwentyVisitors(Reader reader) {
    long before = reader.siteStats().getLong("total");
    for (int i = 0; i < 20; i++) {
      assertThat(reader.get("/", Reader.visitor(i)).await().statusCode()).isEqualTo(200);
    }
    return before;
  }
}
