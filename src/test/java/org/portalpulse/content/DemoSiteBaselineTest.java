package org.portalpulse.content;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("The demo site carries over a total of its own, consistent with its articles'")
class DemoSiteBaselineTest {

  @Test
  @DisplayName("on a fresh demo database, Tất cả is at least the sum of every article's Lượt xem")
  void siteTotalCoversItsArticles(Vertx vertx) {
    try (RunningServer server = RunningServer.start(vertx, PulseTestServer.defaults(TestPostgres.newDatabaseUrl()), Clock.systemUTC())) {
      long articlesLegacy = Sql.scalar(server.app().databaseUrl(),
          "SELECT sum(p.legacy_views) FROM articles a JOIN pages p ON p.id = a.page_id");
      assertThat(articlesLegacy).as("the demo articles' carried-over views").isPositive();
      assertThat(server.reader().siteStats().getLong("total")).as("Tất cả").isGreaterThanOrEqualTo(articlesLegacy);
    }
  }

  @Test
  @DisplayName("a legacy total that is set (PULSE_LEGACY_TOTAL) wins over the demo's, and a restart keeps it")
  void aSetTotalIsNeverOverwritten(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.LEGACY_TOTAL, "7");
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      assertThat(Sql.siteLegacyViews(server.app().databaseUrl())).isEqualTo(7);
    }
    settings.remove(PulseConfig.LEGACY_TOTAL);
    settings.put(PulseConfig.HTTP_PORT, Integer.toString(PulseTestServer.freePort()));
    try (RunningServer restarted = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      assertThat(Sql.siteLegacyViews(restarted.app().databaseUrl())).as("the total after a restart without the setting").isEqualTo(7);
    }
  }
}
