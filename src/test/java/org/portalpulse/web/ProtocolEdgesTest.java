package org.portalpulse.web;

import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.CapturedLog;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.TestPostgres;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@DisplayName("Requests framed two ways, with no Host or two, or in cleartext HTTP/2 are refused on both ports, quietly")
class ProtocolEdgesTest {
  private static final String TOKEN = "protocol-edges-test-token-0123456789";
  /** Longer than any answer here takes on a busy machine: a connection still open after it was left open. */
  private static final int READ_TIMEOUT_MILLIS = 3_000;
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) ");

  private static RunningServer server;
  private static int readersPort;
  private static int opsPort;

  @BeforeAll
  static void start(Vertx vertx) {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    opsPort = PulseTestServer.withOpsPort(settings);
    settings.put(PulseConfig.ADMIN_TOKEN, TOKEN);
    server = RunningServer.start(vertx, settings, Clock.systemUTC());
    readersPort = server.app().config().httpPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @DisplayName("Content-Length with Transfer-Encoding: chunked gets 400, the connection closes, the request hidden in the body is never answered")
  void contentLengthWithChunked() {
    for (int port : List.of(readersPort, opsPort)) {
      String hidden = "GET " + (port == opsPort ? "/metrics" : "/api/stats") + " HTTP/1.1\r\nHost: pulse.test\r\n\r\n";
      // A front end that frames by Content-Length sees one request; one that frames by chunks sees two.
      String body = "0\r\n\r\n" + hidden;
      for (String method : List.of("POST", "GET")) {
        for (String framing : List.of("Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked\r\nContent-Length: " + body.length() + "\r\n")) {
          Exchange answer = exchange(port, method + " /api/stats HTTP/1.1\r\nHost: pulse.test\r\n" + framing + "\r\n" + body);
          assertThat(answer.statuses()).as("%s with %s on port %d: %s", method, framing, port, answer.text()).containsExactly(400);
          assertThat(answer.closed()).as("the connection closes after the 400").isTrue();
          assertThat(answer.text()).contains("X-Content-Type-Options: nosniff");
        }
      }
    }
  }

  @Test
  @DisplayName("Other bodies framed in doubt: Transfer-Encoding other than chunked, or in HTTP/1.0, get 400 and a closed connection")
  void otherAmbiguousFraming() {
    String hidden = "GET /api/stats HTTP/1.1\r\nHost: pulse.test\r\n\r\n";
    for (String request : List.of(
        "POST /api/stats HTTP/1.1\r\nHost: pulse.test\r\nTransfer-Encoding: gzip\r\n\r\n" + hidden,
        "POST /api/stats HTTP/1.1\r\nHost: pulse.test\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n" + hidden,
        "POST /api/stats HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden)) {
      Exchange answer = exchange(readersPort, request);
      assertThat(answer.statuses()).as(request).containsExactly(400);
      assertThat(answer.closed()).as("closed after: %s", request).isTrue();
    }
  }

  @Test
  @DisplayName("Duplicate Host headers get 400 and a closed connection")
  void duplicateHost() {
    for (int port : List.of(readersPort, opsPort)) {
      String path = port == opsPort ? "/metrics" : "/api/stats";
      Exchange answer = exchange(port, "GET " + path + " HTTP/1.1\r\nHost: pulse.test\r\nHost: other.test\r\n\r\n");
      assertThat(answer.statuses()).as("on port %d: %s", port, answer.text()).containsExactly(400);
      assertThat(answer.closed()).isTrue();
    }
  }

  @Test
  @DisplayName("100 requests with no Host and 100 with a Host that is no host: each 400, no ERROR line, at most two WARN lines")
  void noHostFloodsNoLog(Vertx vertx) {
    // A server of its own: the other tests' refusals must not have used this minute's WARN line.
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    int ownOpsPort = PulseTestServer.withOpsPort(settings);
    try (CapturedLog log = CapturedLog.start(); RunningServer own = RunningServer.start(vertx, settings, Clock.systemUTC())) {
      int ownPort = own.app().config().httpPort();
      for (int i = 0; i < 100; i++) {
        assertThat(exchange(ownPort, "GET /articles/x HTTP/1.1\r\nUser-Agent: probe\r\nConnection: close\r\n\r\n").statuses())
            .as("request %d without Host", i).containsExactly(400);
        assertThat(exchange(ownPort, "GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n").statuses())
            .as("request %d with Host: a b", i).containsExactly(400);
      }
      assertThat(exchange(ownOpsPort, "GET /metrics HTTP/1.1\r\nConnection: close\r\n\r\n").statuses()).as("the ops port without Host").containsExactly(400);
      assertThat(log.lines(Level.ERROR)).as("ERROR lines").isEmpty();
      List<String> warnings = log.lines(Level.WARN).stream().filter(line -> line.startsWith("ClientErrors")).toList();
      // One a minute per server: the readers' port's first refusal, and the ops port's.
      assertThat(warnings).as("WARN lines of refused requests, readers' and ops port").hasSize(2);
      assertThat(warnings).anyMatch(line -> line.contains("no Host header"));
    }
  }

  @Test
  @DisplayName("Cleartext HTTP/2 is off: a prior-knowledge client gets no HTTP/2, an upgrade request gets HTTP/1.1")
  void noCleartextHttp2() {
    String preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    String emptySettingsFrame = "\0\0\0\4\0\0\0\0\0";
    for (int port : List.of(readersPort, opsPort)) {
      Exchange priorKnowledge = exchange(port, preface + emptySettingsFrame);
      // An HTTP/2 server answers the preface with a SETTINGS frame: length, type 4, flags, stream 0.
      assertThat(priorKnowledge.text()).as("answer to the HTTP/2 preface on port %d", port).startsWith("HTTP/");
      assertThat(priorKnowledge.statuses()).containsExactly(505);
      assertThat(priorKnowledge.closed()).isTrue();

      String path = port == opsPort ? "/health" : "/api/stats";
      Exchange upgrade = exchange(port, "GET " + path + " HTTP/1.1\r\nHost: pulse.test\r\nConnection: Upgrade, HTTP2-Settings, close\r\n"
          + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
      assertThat(upgrade.statuses()).as("h2c upgrade on port %d: %s", port, upgrade.text()).containsExactly(200);
      assertThat(upgrade.text()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  @DisplayName("What is well framed still works: pipelined requests, and a chunked body to the admin API")
  void wellFramedRequestsStillServed() {
    Exchange pipelined = exchange(readersPort, "GET /api/stats HTTP/1.1\r\nHost: pulse.test\r\n\r\n"
        + "GET /assets/live.js HTTP/1.1\r\nHost: pulse.test\r\n\r\nGET /api/stats HTTP/1.1\r\nHost: pulse.test\r\nConnection: close\r\n\r\n");
    assertThat(pipelined.statuses()).as(pipelined.text()).containsExactly(200, 200, 200);

    String json = "{\"legacyViews\":1234}";
    Exchange chunked = exchange(readersPort, "PUT /api/admin/v1/baselines/site HTTP/1.1\r\nHost: pulse.test\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n");
    assertThat(chunked.statuses()).as(chunked.text()).containsExactly(200);
    assertThat(chunked.text()).contains("\"new\":1234");
  }

  /** What came back on one connection for {@code request}, and whether the server closed it. */
  private record Exchange(String text, boolean closed) {
    List<Integer> statuses() {
      Matcher status = STATUS_LINE.matcher(text);
      return status.results().map(m -> Integer.parseInt(m.group(1))).toList();
    }
  }

  /** Writes {@code request} as it is (ISO-8859-1) and reads until the server closes, or until it is plainly keeping the connection. */
  private static Exchange exchange(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      boolean closed;
      try {
        int n;
        while ((n = in.read(buffer)) != -1) {
          received.write(buffer, 0, n);
        }
        closed = true;
      } catch (SocketTimeoutException stillOpen) {
        closed = false;
      }
      return new Exchange(received.toString(StandardCharsets.ISO_8859_1), closed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
