package org.portalpulse.db;

import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PostgresUrl;
import org.portalpulse.support.CapturedLog;
import org.portalpulse.support.Sql;
import org.portalpulse.support.StoppablePostgres;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("LISTEN that never fails its owner")
class ListenConnectionTest {
  private static final String CHANNEL = "pulse_listen_test";
  private static final Duration RETRIES = Duration.ofSeconds(15);

  private final AtomicInteger subscribed = new AtomicInteger();
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @Test
  @DisplayName("PostgreSQL down at start: start() succeeds and says what readers miss; once it answers, the owner re-syncs and notifications arrive")
  void listensOncePostgresAnswers(Vertx vertx) {
    try (StoppablePostgres postgres = StoppablePostgres.start("listen-later"); CapturedLog log = CapturedLog.start()) {
      postgres.stop();
      PostgresUrl url = PostgresUrl.parse(postgres.url());
      ListenConnection connection = listenOn(vertx, url);

      connection.start().await();

      assertThat(connection.listening()).isFalse();
      assertThat(log.lines(Level.WARN)).anyMatch(line -> line.startsWith("ListenConnection: Cannot LISTEN on " + CHANNEL)
          && line.contains("readers see stale numbers") && line.contains("trying again every 1000 ms"));
      postgres.startAgain();
      await().atMost(RETRIES).until(connection::listening);
      assertThat(subscribed).as("the owner is told to catch up").hasValue(1);
      assertThat(log.lines(Level.INFO)).contains("ListenConnection: Listening on " + CHANNEL + " again");
      Sql.execute(url, "NOTIFY " + CHANNEL + ", 'after the outage'");
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("after the outage"));
      connection.stop().await();
    }
  }

  @Test
  @DisplayName("lost while listening: a WARN, then listening again, re-synced a second time, and notifications arrive again")
  void listensAgainAfterLosingPostgres(Vertx vertx) {
    try (StoppablePostgres postgres = StoppablePostgres.start("listen-lost"); CapturedLog log = CapturedLog.start()) {
      PostgresUrl url = PostgresUrl.parse(postgres.url());
      ListenConnection connection = listenOn(vertx, url);
      connection.start().await();
      await().atMost(Duration.ofSeconds(5)).until(connection::listening);
      assertThat(subscribed).hasValue(1);

      postgres.stop();
      await().atMost(RETRIES).until(() -> !connection.listening());
      assertThat(log.lines(Level.WARN)).anyMatch(line -> line.startsWith("ListenConnection: Cannot LISTEN on " + CHANNEL));
      postgres.startAgain();
      await().atMost(RETRIES).until(connection::listening);
      assertThat(subscribed).hasValue(2);
      Sql.execute(url, "NOTIFY " + CHANNEL + ", 'after the restart'");
      await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("after the restart"));
      connection.stop().await();
    }
  }

  private ListenConnection listenOn(Vertx vertx, PostgresUrl url) {
    return new ListenConnection(vertx, url, CHANNEL, "readers see stale numbers", v -> subscribed.incrementAndGet(), heard::add);
  }
}
