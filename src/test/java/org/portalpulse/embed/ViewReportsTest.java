package org.portalpulse.embed;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.ScrapedMetrics;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Views reported by pages on other origins count by the rules of our own pages, and nothing else does")
class ViewReportsTest {
  private static final String PORTAL = "https://www.portal.example.vn";
  private static final int NEW_PAGES_PER_HOUR = 40;
  private static RunningServer server;
  private static WebClient client;
  private static int port;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.EMBED_ORIGINS, PORTAL + ",https://m.portal.example.vn");
    settings.put(PulseConfig.NEW_PAGES_PER_HOUR, Integer.toString(NEW_PAGES_PER_HOUR));
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    port = server.app().config().httpPort();
    // No User-Agent of the client's own: the tests say which one each report carries, or that it has none.
    client = WebClient.create(vertx, new WebClientOptions().setUserAgentEnabled(false));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  @DisplayName("a report from a listed origin counts one view of its page, once per visitor, and answers 204 with CORS for that origin only")
  void listedOriginCounts(Vertx vertx) {
    String path = "/tin-tuc/le-hoi-mua-xuan?id=17";
    long totalBefore = total();
    HttpResponse<Buffer> first = report(PORTAL, "10.7.0.1", Reader.BROWSER, Buffer.buffer(
        new JsonObject().put("p", path + "&utm_source=zalo#binh-luan").put("t", "Lễ hội mùa xuân").encode()));
    HttpResponse<Buffer> again = report(PORTAL, "10.7.0.1", Reader.BROWSER, body(path));
    report("https://m.portal.example.vn", "10.7.0.2", Reader.BROWSER, body(path));

    assertThat(first.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).as("the same view again answers alike").isEqualTo(204);
    assertThat(first.getHeader("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
    // A 204 to a POST: no cache keeps it and no browser renders it, so every further header is a cost only.
    assertThat(first.getHeader("Vary")).isNull();
    assertThat(first.getHeader("Cache-Control")).isNull();
    assertThat(first.getHeader("Content-Security-Policy")).isNull();
    await().untilAsserted(() -> assertThat(storedViews(path)).as("tracking parameters and fragment dropped, the repeat not counted").isEqualTo(2));
    assertThat(total() - totalBefore).isEqualTo(2);
    assertThat(Sql.text(server.app().databaseUrl(), "SELECT title FROM pages WHERE path = '" + path + "'")).isEqualTo("Lễ hội mùa xuân");
    assertThat(metric(vertx, "vertx_http_server_requests_total{code=\"204\",method=\"POST\",route=\"" + ReportIntake.PATH + "\"}"))
        .as("taken ahead of the router, reports still have their route in the request metrics").isGreaterThanOrEqualTo(3);
  }

  @Test
  @DisplayName("a preflight is answered for a listed origin only, and names that origin, never *")
  void preflight() {
    HttpResponse<Buffer> allowed = client.request(HttpMethod.OPTIONS, port, "127.0.0.1", ReportIntake.PATH)
        .putHeader("Origin", PORTAL).putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type").send().await();
    HttpResponse<Buffer> foreign = client.request(HttpMethod.OPTIONS, port, "127.0.0.1", ReportIntake.PATH)
        .putHeader("Origin", "https://evil.example").putHeader("Access-Control-Request-Method", "POST").send().await();

    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(PORTAL);
    assertThat(allowed.getHeader("Access-Control-Allow-Methods")).isEqualTo("POST");
    assertThat(allowed.getHeader("Vary")).contains("Origin");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  @DisplayName("a foreign Origin, no Origin, a 1 MB body, malformed JSON or a bad path: 403, 413 or 400, and no count")
  void hostileReportsCountNothing() {
    String path = "/tin-tuc/bi-tan-cong";
    long totalBefore = total();
    String address = "10.7.1.1";

    assertThat(report("https://evil.example", address, Reader.BROWSER, body(path)).statusCode()).isEqualTo(403);
    assertThat(report("https://www.portal.example.vn.evil.example", address, Reader.BROWSER, body(path)).statusCode()).isEqualTo(403);
    assertThat(report("null", address, Reader.BROWSER, body(path)).statusCode()).isEqualTo(403);
    assertThat(report(null, address, Reader.BROWSER, body(path)).statusCode()).isEqualTo(403);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer(new byte[1 << 20])).statusCode()).isEqualTo(413);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer("{\"p\": \"/a\"")).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer("[\"/a\"]")).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer("{\"p\": \"/a\"} {}")).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer("{\"p\": \"/a\", \"t\": 7}")).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer("{\"p\": 5}")).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, Buffer.buffer("")).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, body("/" + "a".repeat(600))).statusCode()).isEqualTo(400);
    assertThat(report(PORTAL, address, Reader.BROWSER, body("tin-tuc/khong-bat-dau-bang-gach")).statusCode()).isEqualTo(400);

    assertThat(total()).isEqualTo(totalBefore);
    assertThat(Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM pages WHERE path = '" + path + "'")).isZero();
  }

  @Test
  @DisplayName("a body past 2 KB gets 413 as soon as it is known, declared or sent in chunks; the connection ends with the body, or past 2 MB of it")
  void longBodiesAreRefusedEarly() throws IOException {
    long totalBefore = total();
    String head = "POST " + ReportIntake.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + PORTAL
        + "\r\nUser-Agent: " + Reader.BROWSER + "\r\nX-Forwarded-For: 10.7.2.1\r\nContent-Type: text/plain\r\n";
    // Declared: answered before a byte of the body is sent; the body, once sent, ends the connection.
    try (Socket socket = rawConnection()) {
      write(socket, head + "Content-Length: 3000\r\n\r\n");
      assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
      write(socket, "x".repeat(3000));
      assertThat(readUntilClosed(socket)).contains("at most 2048 bytes");
    }
    // Chunked: refused at the chunk that passes the limit, while the client still has more to send.
    try (Socket socket = rawConnection()) {
      String chunk = "{\"p\": \"/a\", \"x\": \"" + "y".repeat(1000) + "\"}";
      write(socket, head + "Transfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 3; i++) {
        write(socket, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      }
      assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 413");
      write(socket, "0\r\n\r\n");
      readUntilClosed(socket);
    }
    // A client that sends on and on is cut off: the server reads and drops 2 MB of a refused body, no more.
    try (Socket socket = rawConnection()) {
      write(socket, head + "Content-Length: 104857600\r\n\r\n");
      assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 413");
      assertThatThrownBy(() -> {
        byte[] junk = new byte[64 * 1024];
        for (int sent = 0; sent < 1600; sent++) {
          socket.getOutputStream().write(junk);
        }
      }).as("100 MB cannot be sent to a connection that closes after 2 MB").isInstanceOf(IOException.class);
    }
    assertThat(total()).isEqualTo(totalBefore);
  }

  @Test
  @DisplayName("reports keep their connection: two on one connection are both taken, and fields a newer script may add are ignored")
  void reportsShareAConnection() throws IOException {
    long totalBefore = total();
    try (Socket socket = rawConnection()) {
      for (String address : List.of("10.7.3.1", "10.7.3.2")) {
        String body = "{\"p\": \"/tin-tuc/giu-ket-noi\", \"v\": {\"later\": [1, 2]}}";
        write(socket, "POST " + ReportIntake.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + PORTAL
            + "\r\nUser-Agent: " + Reader.BROWSER + "\r\nX-Forwarded-For: " + address
            + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(readResponseHead(socket)).startsWith("HTTP/1.1 204");
      }
    }
    await().untilAsserted(() -> assertThat(total()).isEqualTo(totalBefore + 2));
  }

  @Test
  @DisplayName("bots, reports without a User-Agent and prefetches answer 204 like any report, count nothing and make no page")
  void botsAndPrefetchesCountNothing(Vertx vertx) {
    String path = "/tin-tuc/chi-may-doc";
    long totalBefore = total();
    double botsBefore = metric(vertx, "pulse_views_not_counted_total{reason=\"bot\"}");
    double prefetchBefore = metric(vertx, "pulse_views_not_counted_total{reason=\"prefetch\"}");

    assertThat(report(PORTAL, "10.7.2.1", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", body(path))
        .statusCode()).isEqualTo(204);
    assertThat(report(PORTAL, "10.7.2.2", null, body(path)).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> prefetch = client.post(port, "127.0.0.1", ReportIntake.PATH)
        .putHeader("Origin", PORTAL).putHeader("X-Forwarded-For", "10.7.2.3").putHeader("User-Agent", Reader.BROWSER)
        .putHeader("Sec-Purpose", "prefetch").sendBuffer(body(path)).await();
    assertThat(prefetch.statusCode()).isEqualTo(204);

    assertThat(total()).isEqualTo(totalBefore);
    assertThat(metric(vertx, "pulse_views_not_counted_total{reason=\"bot\"}") - botsBefore).isEqualTo(1);
    assertThat(metric(vertx, "pulse_views_not_counted_total{reason=\"prefetch\"}") - prefetchBefore).isEqualTo(1);
    assertThat(Sql.scalar(server.app().databaseUrl(), "SELECT count(*) FROM pages WHERE path = '" + path + "'")).isZero();
  }

  @Test
  @DisplayName("random paths from many visitors grow the pages by the hourly allowance only; their views count for the site, metered")
  void randomPathsAreBounded(Vertx vertx) {
    // A server of its own: this uses up its hour's allowance of new pages.
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.EMBED_ORIGINS, PORTAL);
    settings.put(PulseConfig.NEW_PAGES_PER_HOUR, Integer.toString(NEW_PAGES_PER_HOUR));
    try (RunningServer flooded = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      int floodedPort = flooded.app().config().httpPort();
      long pagesBefore = Sql.scalar(flooded.app().databaseUrl(), "SELECT count(*) FROM pages");
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        // A visitor per report, from many addresses: the address budget is not what stops this.
        sent.add(send(floodedPort, PORTAL, Reader.visitor(300_000 + i), Reader.BROWSER, body("/ngau-nhien/" + i)));
      }
      Future.all(sent).await();
      assertThat(sent).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(204));

      long pagesMade = Sql.scalar(flooded.app().databaseUrl(), "SELECT count(*) FROM pages") - pagesBefore;
      assertThat(pagesMade).as("pages made this hour").isEqualTo(NEW_PAGES_PER_HOUR);
      assertThat(flooded.reader().siteStats().getLong("total") - Sql.siteLegacyViews(flooded.app().databaseUrl()))
          .as("every view counted for the site").isEqualTo(2_000);
      assertThat(ScrapedMetrics.scrape(vertx, floodedPort).value("pulse_views_without_page_total{reason=\"page_limit\"}"))
          .isEqualTo(2_000 - NEW_PAGES_PER_HOUR);
      assertThat(ScrapedMetrics.scrape(vertx, floodedPort).value("pulse_pages")).isEqualTo(pagesBefore + NEW_PAGES_PER_HOUR);
    }
  }

  @Test
  @DisplayName("the no-script image counts the page of its ?p= or Referer from a listed origin, and nothing from elsewhere")
  void pixel() {
    long totalBefore = total();
    HttpResponse<Buffer> byReferer = pixel("/pulse.gif", PORTAL + "/tin-tuc/khong-co-script?id=3", "10.7.3.1");
    HttpResponse<Buffer> byParam = pixel("/pulse.gif?p=%2Ftin-tuc%2Fkhong-co-script%3Fid%3D3", PORTAL + "/", "10.7.3.2");
    HttpResponse<Buffer> foreign = pixel("/pulse.gif", "https://evil.example/tin-tuc/khong-co-script?id=3", "10.7.3.3");
    HttpResponse<Buffer> none = pixel("/pulse.gif", null, "10.7.3.4");

    assertThat(byReferer.statusCode()).isEqualTo(200);
    assertThat(byReferer.getHeader("Content-Type")).isEqualTo("image/gif");
    assertThat(byReferer.body().getBytes()).startsWith("GIF89a".getBytes());
    assertThat(byParam.statusCode()).isEqualTo(200);
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(none.statusCode()).isEqualTo(403);
    await().untilAsserted(() -> assertThat(storedViews("/tin-tuc/khong-co-script?id=3")).isEqualTo(2));
    assertThat(total() - totalBefore).isEqualTo(2);
  }

  private static HttpResponse<Buffer> report(String origin, String address, String userAgent, Buffer body) {
    return send(origin, address, userAgent, body).await();
  }

  private static Future<HttpResponse<Buffer>> send(String origin, String address, String userAgent, Buffer body) {
    return send(port, origin, address, userAgent, body);
  }

  private static Future<HttpResponse<Buffer>> send(int port, String origin, String address, String userAgent, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", address)
        .add("Content-Type", "text/plain;charset=UTF-8");
    if (origin != null) {
      headers.add("Origin", origin);
    }
    if (userAgent != null) {
      headers.add("User-Agent", userAgent);
    }
    return client.post(port, "127.0.0.1", ReportIntake.PATH).putHeaders(headers).sendBuffer(body);
  }

  private static HttpResponse<Buffer> pixel(String uri, String referer, String address) {
    var request = client.get(port, "127.0.0.1", uri).putHeader("X-Forwarded-For", address).putHeader("User-Agent", Reader.BROWSER);
    if (referer != null) {
      request.putHeader("Referer", referer);
    }
    return request.send().await();
  }

  private static Socket rawConnection() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Everything the server sends until it closes the connection; fails when it keeps it open. */
  private static String readUntilClosed(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** One response's status line and headers (a 204 has no body). */
  private static String readResponseHead(Socket socket) throws IOException {
    StringBuilder head = new StringBuilder();
    InputStream in = socket.getInputStream();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static Buffer body(String path) {
    return Buffer.buffer(new JsonObject().put("p", path).encode());
  }

  private static long total() {
    return server.reader().siteStats().getLong("total");
  }

  private static long storedViews(String path) {
    return Sql.scalar(server.app().databaseUrl(),
        "SELECT coalesce(sum(t.views), 0) FROM page_total_views t JOIN pages p ON p.id = t.page_id WHERE p.path = ?", path);
  }

  private static double metric(Vertx vertx, String series) {
    return ScrapedMetrics.scrape(vertx, port).value(series);
  }
}
