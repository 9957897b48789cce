package org.portalpulse.live;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.TestPostgres;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Đang online counts visitors with an open page")
class OnlineFromOpenPagesTest {

  @Test
  @DisplayName("five tabs of one visitor are one; a visitor whose last page closes drops within seconds")
  void openPagesKeepVisitorsOnline(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ONLINE_WINDOW, "1"); // a view alone keeps a visitor online for a second only
    try (RunningServer server = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      int port = server.app().config().httpPort();
      Reader reader = server.reader();
      List<LiveClient> tabs = new ArrayList<>();
      try (LiveClient other = LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(2))) {
        for (int i = 0; i < 5; i++) {
          tabs.add(LiveClient.open(vertx, port, "/ws/stats", Reader.visitor(1)));
        }
        reader.get("/", Reader.visitor(1)).await(); // a view by a visitor who also has pages open: still one

        awaitOnline(reader, n -> n == 2, "2 while two visitors have pages open");
        PulseTestServer.sleep(3_000); // well past the online window of the view: open pages keep them
        assertThat(reader.siteStats().getLong("online")).isEqualTo(2);

        for (int i = 0; i < 4; i++) {
          tabs.remove(0).close();
        }
        PulseTestServer.sleep(5_000); // one tab left: still online
        assertThat(reader.siteStats().getLong("online")).isEqualTo(2);
        tabs.remove(0).close();
        awaitOnline(reader, n -> n == 1, "1 once the first visitor's last tab closed");
        other.awaitFrame(f -> f.getLong("online") == 1, Duration.ofSeconds(2), "pushing online 1");
      }
      awaitOnline(reader, n -> n == 0, "0 once every page closed");
    }
  }

  private static void awaitOnline(Reader reader, LongPredicate wanted, String description) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long online = -1;
    while (System.nanoTime() < deadline) {
      online = reader.siteStats().getLong("online");
      if (wanted.test(online)) {
        return;
      }
      PulseTestServer.sleep(100);
    }
    throw new AssertionError("Đang online should be " + description + " within 10 s, but is " + online);
  }
}
