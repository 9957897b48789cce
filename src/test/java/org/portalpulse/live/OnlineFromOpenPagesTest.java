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

import static org.portalpulse.support.Waits.awaitOnline;
import static org.portalpulse.support.Waits.onlineHoldsFor;

@ExtendWith(VertxExtension.class)
@DisplayName("Đang online counts visitors with an open page")
class OnlineFromOpenPagesTest {
  private static final Duration SOON = Duration.ofSeconds(10);

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

        awaitOnline(2, SOON, "2 while two visitors have pages open", reader);
        // Well past the online window of the view: open pages keep them.
        onlineHoldsFor(Duration.ofSeconds(3), 2, "2 past the view's online window, with pages open", reader);

        for (int i = 0; i < 4; i++) {
          tabs.remove(0).close();
        }
        onlineHoldsFor(Duration.ofSeconds(5), 2, "2 with one tab of the first visitor left", reader);
        tabs.remove(0).close();
        awaitOnline(1, SOON, "1 once the first visitor's last tab closed", reader);
        other.awaitFrame(f -> f.getLong("online") == 1, Duration.ofSeconds(2), "pushing online 1");
      }
      awaitOnline(0, SOON, "0 once every page closed", reader);
    }
  }
}
