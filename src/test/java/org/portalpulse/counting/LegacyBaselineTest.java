package org.portalpulse.counting;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Tất cả and Lượt xem add the totals a portal carried over from its old CMS")
class LegacyBaselineTest {

  @Test
  @DisplayName("PULSE_LEGACY_TOTAL and an article's legacy_views are added to every count, and shown formatted")
  void baselinesAreAdded(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.LEGACY_TOTAL, "12143077");
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      PulseApplication app = server.app();
      Reader reader = server.reader();
      String slug = Sql.text(app.databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      long legacyViews = Sql.scalar(app.databaseUrl(), "SELECT legacy_views FROM pages WHERE path = '/articles/" + slug + "'");
      assertThat(legacyViews).isPositive();
      assertThat(reader.siteStats().getLong("total")).isEqualTo(12_143_077);
      assertThat(reader.siteStats().getLong("today")).isZero();

      String page = reader.get("/articles/" + slug, Reader.visitor(1)).await().bodyAsString();

      assertThat(page).contains("data-counter=\"total\">12.143.078<");
      assertThat(Reader.shown(page, "views")).isEqualTo(legacyViews + 1);
      assertThat(reader.pageViews(slug)).isEqualTo(legacyViews + 1);
      PulseTestServer.awaitFlushed(app);
      assertThat(reader.siteStats().getLong("total")).isEqualTo(12_143_078);
      assertThat(Sql.scalar(app.databaseUrl(), "SELECT views FROM site_total_views")).isEqualTo(1);
      assertThat(Sql.scalar(app.databaseUrl(),
          "SELECT count(*) FROM baseline_audit WHERE token_name = 'PULSE_LEGACY_TOTAL' AND new_value = 12143077"))
          .as("the setting's change is audited like an admin's").isEqualTo(1);
    }
  }
}
