package org.portalpulse.ops;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.Reader;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portalpulse.support.Reader.visitor;

/**
 * A little of everything a server sees, so every metric has something to say: counted views, bots,
 * reloads, requests without a User-Agent, HEAD, prefetch, 404 and 400, the JSON API, the script,
 * and open pages receiving live frames.
 */
final class EveryKindOfTraffic {
  static final String BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

  private EveryKindOfTraffic() {
  }

  /** Plays the traffic; returns the open live sockets, which the caller closes. */
  static List<LiveClient> play(Vertx vertx, Reader reader, int port, String slug, int firstVisitor) {
    String article = "/articles/" + slug;
    for (int i = 0; i < 40; i++) {
      assertThat(reader.get(i % 2 == 0 ? article : "/", visitor(firstVisitor + i)).await().statusCode()).isEqualTo(200);
    }
    String reloader = visitor(firstVisitor + 100);
    for (int i = 0; i < 3; i++) {
      assertThat(reader.get(article, reloader).await().statusCode()).isEqualTo(200);
    }
    assertThat(send(reader, HttpMethod.GET, article, firstVisitor + 101, "User-Agent", BOT).statusCode()).isEqualTo(200);
    assertThat(send(reader, HttpMethod.GET, article, firstVisitor + 102).statusCode()).as("no User-Agent").isEqualTo(200);
    assertThat(send(reader, HttpMethod.HEAD, article, firstVisitor + 103, "User-Agent", Reader.BROWSER).statusCode()).isEqualTo(200);
    assertThat(send(reader, HttpMethod.GET, article, firstVisitor + 104, "User-Agent", Reader.BROWSER, "Sec-Purpose", "prefetch").statusCode())
        .isEqualTo(200);
    assertThat(reader.get("/articles/no-such-article", visitor(firstVisitor + 105)).await().statusCode()).isEqualTo(404);
    assertThat(reader.get("/no/such/page", visitor(firstVisitor + 106)).await().statusCode()).isEqualTo(404);
    assertThat(reader.get("/?page=first", visitor(firstVisitor + 107)).await().statusCode()).isEqualTo(400);
    assertThat(reader.get("/api/stats", null).await().statusCode()).isEqualTo(200);
    assertThat(reader.get("/api/articles/" + slug + "/stats", null).await().statusCode()).isEqualTo(200);
    assertThat(reader.get("/assets/live.js", null).await().statusCode()).isEqualTo(200);
    assertThat(reader.get("/health", null).await().statusCode()).isEqualTo(200);

    LiveClient sitePage = LiveClient.open(vertx, port, "/ws/stats", visitor(firstVisitor + 200));
    LiveClient articlePage = LiveClient.open(vertx, port, "/ws/stats?article=" + slug, visitor(firstVisitor + 201));
    long views = articlePage.latest(Duration.ofSeconds(2)).getLong("views");
    sitePage.latest(Duration.ofSeconds(2));
    assertThat(reader.get(article, visitor(firstVisitor + 202)).await().statusCode()).isEqualTo(200);
    articlePage.awaitFrame(f -> f.getLong("views") > views, Duration.ofSeconds(3), "showing the new view");
    return List.of(sitePage, articlePage);
  }

  private static HttpResponse<Buffer> send(Reader reader, HttpMethod method, String path, int visitor, String... headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < headers.length; i += 2) {
      map.add(headers[i], headers[i + 1]);
    }
    return reader.request(method, path, visitor(visitor), map).await();
  }
}
