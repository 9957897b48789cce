package org.portalpulse.counting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.PulseApplication;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.Sql;
import org.portalpulse.support.StoppablePostgres;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("PostgreSQL stopped under load and started again: nothing lost, nothing doubled")
class DatabaseOutageTest {
  private static final int ROUNDS = 30;
  private static final int VIEWS_PER_ROUND = 100;
  private static final Duration PACE = Duration.ofMillis(100);

  @Test
  @DisplayName("Pages keep being served and counted while PostgreSQL is down; every view is stored once it is back")
  void outageUnderLoad(Vertx vertx) throws InterruptedException {
    StoppablePostgres postgres = StoppablePostgres.start("pg-outage");
    PulseApplication app = PulseTestServer.start(PulseTestServer.defaults(postgres.url()), Clock.systemUTC());
    Reader reader = new Reader(vertx, app.config().httpPort());
    String slug = Sql.text(app.databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
    long articleBefore = reader.pageViews(slug);
    long totalBefore = reader.siteStats().getLong("total");
    long served = 0;
    boolean sawUnflushedDuringOutage = false;
    try {
      for (int round = 0; round < ROUNDS; round++) {
        if (round == 8) {
          postgres.stop();
        }
        if (round == 22) {
          sawUnflushedDuringOutage = app.ledger().unflushed() > 0;
          postgres.startAgain();
        }
        int first = round * VIEWS_PER_ROUND;
        List<Future<HttpResponse<Buffer>>> views = IntStream.range(first, first + VIEWS_PER_ROUND)
            .mapToObj(i -> reader.get("/articles/" + slug, Reader.visitor(50_000 + i)))
            .toList();
        Future.all(views).await();
        served += views.stream().filter(v -> v.result().statusCode() == 200).count();
        assertThat(reader.siteStats().getLong("total")).isEqualTo(totalBefore + served);
        // Part of the load, not a wait for anything: a flush interval between rounds, so that the outage
        // spans many failed flushes while views keep coming.
        Thread.sleep(PACE.toMillis());
      }
      PulseTestServer.awaitFlushed(app);

      assertThat(served).isEqualTo((long) ROUNDS * VIEWS_PER_ROUND);
      assertThat(sawUnflushedDuringOutage).isTrue();
      // "Tất cả" adds the demo site's carried-over total to the views stored.
      long storedBefore = totalBefore - Sql.siteLegacyViews(app.databaseUrl());
      assertThat(Sql.scalar(app.databaseUrl(), "SELECT views FROM site_total_views")).isEqualTo(storedBefore + served);
      assertThat(Sql.scalar(app.databaseUrl(), "SELECT sum(views) FROM site_hourly_views")).isEqualTo(storedBefore + served);
      assertThat(reader.pageViews(slug)).isEqualTo(articleBefore + served);
      assertThat(Sql.scalar(app.databaseUrl(),
          "SELECT t.views + p.legacy_views FROM page_total_views t JOIN pages p ON p.id = t.page_id WHERE p.path = '/articles/' || ?", slug))
          .isEqualTo(articleBefore + served);
      assertThat(Sql.scalar(app.databaseUrl(), "SELECT coalesce(sum(visitors), 0) FROM daily_unique_visitors")).isEqualTo(served);
    } finally {
      reader.close();
      assertThat(app.stop()).as("stopped cleanly").isTrue();
      postgres.close();
    }
  }
}
