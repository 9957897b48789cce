package org.portalpulse.web;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
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
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Answers are compressed as the client asks, assets are long-cached under hashed names, and copies a client holds get a 304")
class CompressionTest {
  private static final String TOKEN = "compression-test-token-0123456789abcdef";
  private static final String PORTAL = "https://www.portal.example.vn";
  private static final String BROWSERS_ACCEPT = "gzip, deflate, br, zstd";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String ONE_HOUR = "public, max-age=3600";
  private static final Pattern ASSET_LINK = Pattern.compile("(?:href|src)=\"(/assets/[^\"]+)\"");
  private static final Pattern HASHED = Pattern.compile("/assets/.+\\.[0-9a-f]{8}\\.(css|js|svg)");

  private static RunningServer server;
  private static WebClient client;
  private static int port;
  private static int opsPort;
  private static String slug;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    settings.put(PulseConfig.EMBED_ORIGINS, PORTAL);
    opsPort = PulseTestServer.withOpsPort(settings);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    port = server.app().config().httpPort();
    slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
    // Asks for no encoding and decodes none unless a test says so: the bytes on the wire are what is checked.
    client = WebClient.create(vertx, new WebClientOptions().setUserAgentEnabled(false).setDecompressionSupported(false));
    Brotli4jLoader.ensureAvailability();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  @DisplayName("a page, the admin page, JSON, assets and /pulse.js: identity, gzip and br carry the same content, and each says it varies")
  void everyEncodingCarriesTheSameContent() {
    String visitor = Reader.visitor(1);
    fetch(port, "/articles/" + slug, visitor, null); // counted; the same visitor's requests below are reloads, which are not
    String home = fetch(port, "/", visitor, null).bodyAsString();
    Map<String, String> targets = new LinkedHashMap<>();
    targets.put("/articles/" + slug, "text/html");
    targets.put("/", "text/html");
    targets.put("/admin", "text/html");
    LocalDate yesterday = LocalDate.now().minusDays(1);
    targets.put("/api/admin/v1/views?by=day&from=" + yesterday.minusDays(90) + "&to=" + yesterday, "application/json");
    targets.put(linked(home, "site.css"), "text/css");
    targets.put("/assets/live.js", "text/javascript");
    targets.put(linked(fetch(port, "/admin", visitor, null).bodyAsString(), "uPlot.iife.min.js"), "text/javascript");
    targets.put("/pulse.js", "text/javascript");

    targets.forEach((path, type) -> {
      HttpResponse<Buffer> identity = fetch(port, path, visitor, null);
      assertThat(identity.statusCode()).as("GET %s", path).isEqualTo(200);
      assertThat(identity.getHeader("Content-Type")).as("type of %s", path).startsWith(type);
      assertThat(identity.getHeader("Content-Encoding")).as("%s asked for no encoding", path).isNull();
      assertThat(identity.bodyAsString()).as("%s as it is", path).isNotBlank();
      byte[] content = identity.body().getBytes();

      HttpResponse<Buffer> gzip = fetch(port, path, visitor, "gzip");
      assertThat(gzip.getHeader("Content-Encoding")).as("%s asked for gzip", path).isEqualTo("gzip");
      assertThat(gunzip(gzip.body().getBytes())).as("%s gunzipped", path).isEqualTo(content);
      assertThat(gzip.body().length()).as("%s in gzip, against %d bytes", path, content.length).isLessThan(content.length * 2 / 3);

      HttpResponse<Buffer> brotli = fetch(port, path, visitor, "br");
      assertThat(brotli.getHeader("Content-Encoding")).as("%s asked for br", path).isEqualTo("br");
      assertThat(unbrotli(brotli.body().getBytes())).as("%s decoded from br", path).isEqualTo(content);

      // A reader page is filled into its skeleton's gzip, which costs a copy; Brotli would compress it whole.
      String forBrowsers = path.equals("/") || path.startsWith("/articles/") ? "gzip" : "br";
      assertThat(fetch(port, path, visitor, BROWSERS_ACCEPT).getHeader("Content-Encoding")).as("%s for a browser", path).isEqualTo(forBrowsers);
      if (!type.equals("text/html") && !type.equals("application/json")) {
        // Assets choose their stored encoding themselves. What the server compresses on a request, Netty
        // 4.2.9's HttpContentCompressor encodes: it takes "br;q=0" as br acceptable once another encoding
        // is (no browser sends that), so this holds for assets only.
        assertThat(fetch(port, path, visitor, "br;q=0, gzip").getHeader("Content-Encoding")).as("%s with br refused", path).isEqualTo("gzip");
        assertThat(fetch(port, path, visitor, "*;q=0.5, gzip;q=0").getHeader("Content-Encoding")).as("%s with gzip refused", path).isEqualTo("br");
      }
      for (HttpResponse<Buffer> answer : List.of(identity, gzip, brotli)) {
        assertThat(answer.getHeader("Vary")).as("Vary of %s", path).containsIgnoringCase("Accept-Encoding");
      }
    });
  }

  @Test
  @DisplayName("/metrics on the ops port is compressed for Prometheus, which asks for gzip")
  void metricsForPrometheus() {
    HttpResponse<Buffer> metrics = fetch(opsPort, "/metrics", null, "gzip");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(metrics.getHeader("Vary")).containsIgnoringCase("Accept-Encoding");
    assertThat(new String(gunzip(metrics.body().getBytes()), StandardCharsets.UTF_8)).contains("# TYPE ");
  }

  @Test
  @DisplayName("a small answer goes as it is, and a report still answers 204 with nothing to compress, and counts")
  void smallAnswersAndReports() {
    HttpResponse<Buffer> stats = fetch(port, "/api/stats", null, BROWSERS_ACCEPT);
    assertThat(stats.body().length()).as("the site's counters are small").isLessThan(ResponseCompression.MIN_BYTES);
    assertThat(stats.getHeader("Content-Encoding")).as("a body that fits a packet anyway").isNull();
    assertThat(stats.getHeader("Vary")).containsIgnoringCase("Accept-Encoding");

    long before = server.reader().siteStats().getLong("total");
    HttpResponse<Buffer> report = client.request(HttpMethod.POST, port, "127.0.0.1", "/api/v1/views")
        .putHeader("Origin", PORTAL).putHeader("User-Agent", Reader.BROWSER).putHeader("X-Forwarded-For", Reader.visitor(2))
        .putHeader("Accept-Encoding", BROWSERS_ACCEPT).putHeader("Content-Type", "text/plain;charset=UTF-8")
        .sendBuffer(Buffer.buffer(new JsonObject().put("p", "/tin-tuc/nen-nen?id=9").encode())).await();
    assertThat(report.statusCode()).isEqualTo(204);
    assertThat(report.getHeader("Content-Encoding")).isNull();
    assertThat(bodyLength(report)).isZero();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(server.reader().siteStats().getLong("total")).as("the reported view counted").isEqualTo(before + 1));
  }

  @Test
  @DisplayName("the pages link assets by hashed names, kept a year; the plain names still answer, kept an hour")
  void hashedAssetNames() {
    List<String> links = new ArrayList<>();
    for (String page : List.of("/", "/articles/" + slug, "/admin")) {
      Matcher m = ASSET_LINK.matcher(fetch(port, page, Reader.visitor(3), null).bodyAsString());
      while (m.find()) {
        links.add(m.group(1));
      }
    }
    assertThat(links).as("assets the pages link").hasSizeGreaterThanOrEqualTo(6).allMatch(l -> HASHED.matcher(l).matches());
    assertThat(links).anyMatch(l -> l.startsWith("/assets/site.")).anyMatch(l -> l.startsWith("/assets/live."))
        .anyMatch(l -> l.startsWith("/assets/admin/admin.")).anyMatch(l -> l.startsWith("/assets/vendor/uplot/uPlot."));
    for (String link : links) {
      HttpResponse<Buffer> hashed = fetch(port, link, null, BROWSERS_ACCEPT);
      assertThat(hashed.statusCode()).as("GET %s", link).isEqualTo(200);
      assertThat(hashed.getHeader("Cache-Control")).as("Cache-Control of %s", link).isEqualTo(IMMUTABLE);
      assertThat(hashed.getHeader("ETag")).as("ETag of %s", link).isNotBlank();

      String plainName = link.replaceFirst("\\.[0-9a-f]{8}\\.", ".");
      HttpResponse<Buffer> plain = fetch(port, plainName, null, BROWSERS_ACCEPT);
      assertThat(plain.statusCode()).as("GET %s", plainName).isEqualTo(200);
      assertThat(plain.getHeader("Cache-Control")).as("Cache-Control of %s", plainName).isEqualTo(ONE_HOUR);
      assertThat(plain.body()).as("%s and %s", plainName, link).isEqualTo(hashed.body());
    }
    assertThat(fetch(port, "/assets/site.00000000.css", null, null).statusCode()).as("a hash no build made").isEqualTo(404);
    assertThat(fetch(port, "/pulse.js", null, null).getHeader("Cache-Control")).as("/pulse.js, at its fixed URL").isEqualTo(ONE_HOUR);
  }

  @Test
  @DisplayName("a conditional GET of an asset, /pulse.js or /admin is answered 304, and of a page only when the page is the same")
  void conditionalGets() {
    String css = linked(fetch(port, "/", Reader.visitor(4), null).bodyAsString(), "site.css");
    for (String path : List.of(css, "/assets/site.css", "/pulse.js", "/admin")) {
      HttpResponse<Buffer> first = fetch(port, path, null, BROWSERS_ACCEPT);
      String etag = first.getHeader("ETag");
      assertThat(etag).as("ETag of %s", path).isNotBlank();
      HttpResponse<Buffer> again = fetch(port, path, null, BROWSERS_ACCEPT, "If-None-Match", etag);
      assertThat(again.statusCode()).as("%s again, with its tag", path).isEqualTo(304);
      assertThat(bodyLength(again)).as("the 304's body").isZero();
      assertThat(again.getHeader("ETag")).isEqualTo(etag);
      assertThat(again.getHeader("Cache-Control")).as("the 304 renews the cache time").isEqualTo(first.getHeader("Cache-Control"));
      assertThat(fetch(port, path, null, BROWSERS_ACCEPT, "If-None-Match", "W/\"other\"").statusCode()).as("%s, another tag", path).isEqualTo(200);
    }

    // A page: the first view counts and changes the numbers; a reload (not counted) shows the same page, so a 304.
    String article = "/articles/" + slug;
    String reader = Reader.visitor(5);
    long views = server.reader().pageViews(slug);
    HttpResponse<Buffer> first = fetch(port, article, reader, null);
    String etag = first.getHeader("ETag");
    assertThat(etag).as("the page's ETag").isNotBlank();
    assertThat(server.reader().pageViews(slug)).as("the first view counted").isEqualTo(views + 1);
    HttpResponse<Buffer> reload = fetch(port, article, reader, null, "If-None-Match", etag);
    assertThat(reload.statusCode()).as("the reader's reload, the page unchanged").isEqualTo(304);
    assertThat(reload.getHeader("Cache-Control")).isEqualTo("no-cache");
    HttpResponse<Buffer> forced = fetch(port, article, reader, null, "If-None-Match", etag, "Cache-Control", "no-cache");
    assertThat(forced.statusCode()).as("a reload that asks for a fresh page").isEqualTo(200);

    // Another reader with that copy (a shared cache's, say) is a view: counted, so the numbers, so the page, differ.
    HttpResponse<Buffer> other = fetch(port, article, Reader.visitor(6), null, "If-None-Match", etag);
    assertThat(other.statusCode()).as("another reader's view of the page").isEqualTo(200);
    assertThat(Reader.shown(other.bodyAsString(), "views")).isEqualTo(views + 2);
    assertThat(server.reader().pageViews(slug)).as("that view counted").isEqualTo(views + 2);
  }

  @Test
  @DisplayName("the live socket is offered permessage-deflate and declines it: its frames go as they are")
  void liveSocketIsNotCompressed(Vertx vertx) {
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setTryUsePerMessageCompression(true));
    try {
      List<String> messages = new CopyOnWriteArrayList<>();
      WebSocket socket = sockets.connect(new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(port).setURI("/ws/stats")
          .putHeader("Origin", "http://127.0.0.1:" + port).putHeader("User-Agent", Reader.BROWSER)
          .putHeader("Accept-Encoding", BROWSERS_ACCEPT)).await();
      socket.textMessageHandler(messages::add);
      assertThat(socket.headers().get("Sec-WebSocket-Extensions")).as("extensions the server accepted").isNull();
      fetch(port, "/articles/" + slug, Reader.visitor(7), BROWSERS_ACCEPT);
      await().atMost(Duration.ofSeconds(5)).until(() -> !messages.isEmpty());
      assertThat(new JsonObject(messages.get(0)).containsKey("total")).isTrue();
      socket.close().await();
    } finally {
      sockets.close().await();
    }
  }

  @Test
  @DisplayName("what is compressed on a request: text of every kind, never an image")
  void compressibleTypes() {
    assertThat(List.of("text/html; charset=utf-8", "text/css", "text/javascript; charset=utf-8", "application/json",
        "application/rss+xml", "application/xml", "image/svg+xml", "application/yaml", "text/csv; charset=utf-8",
        "text/plain; version=0.0.4; charset=utf-8")).allMatch(ResponseCompression::compressible);
    assertThat(List.of("image/gif", "image/png", "image/jpeg", "image/webp", "font/woff2", "application/octet-stream"))
        .noneMatch(ResponseCompression::compressible);
  }

  /** The hashed URL {@code html} links for the asset named {@code name}. */
  private static String linked(String html, String name) {
    int dot = name.lastIndexOf('.');
    Matcher m = Pattern.compile("\"(/assets/[^\"]*" + Pattern.quote(name.substring(0, dot)) + "\\.[0-9a-f]{8}"
        + Pattern.quote(name.substring(dot)) + ")\"").matcher(html);
    assertThat(m.find()).as("a hashed link to %s in the page", name).isTrue();
    return m.group(1);
  }

  /** GET as a browser would, from {@code visitor} (or none), with {@code acceptEncoding} (or none) and headers in pairs. */
  private static HttpResponse<Buffer> fetch(int toPort, String path, String visitor, String acceptEncoding, String... headerPairs) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("User-Agent", Reader.BROWSER)
        .add("Authorization", "Bearer " + TOKEN);
    if (visitor != null) {
      headers.add("X-Forwarded-For", visitor);
    }
    if (acceptEncoding != null) {
      headers.add("Accept-Encoding", acceptEncoding);
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return client.request(HttpMethod.GET, toPort, "127.0.0.1", path).putHeaders(headers).send().await();
  }

  private static int bodyLength(HttpResponse<Buffer> response) {
    return response.body() == null ? 0 : response.body().length();
  }

  private static byte[] gunzip(byte[] compressed) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] unbrotli(byte[] compressed) {
    try {
      DirectDecompress decoded = Decoder.decompress(compressed);
      assertThat(decoded.getResultStatus()).as("Brotli decoding").isEqualTo(DecoderJNI.Status.DONE);
      return decoded.getDecompressedData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
