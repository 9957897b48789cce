package org.portalpulse.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reader's browser, reduced to what the tests need: who it is, and what it asks for. */
public final class Reader implements AutoCloseable {
  /** An ordinary desktop Chrome: what the tests' readers send, and what the real-browser tests' Chromium says it is. */
  public static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
  private static final Pattern COUNTER = Pattern.compile("data-counter=\"(\\w+)\">([0-9.]+)<");

  private final WebClient client;
  private final int port;

  public Reader(Vertx vertx, int port) {
    this(vertx, port, new WebClientOptions());
  }

  private Reader(Vertx vertx, int port, WebClientOptions options) {
    this.client = WebClient.create(vertx, options.setKeepAlive(true).setUserAgentEnabled(false), new PoolOptions().setHttp1MaxSize(64));
    this.port = port;
  }

  /**
   * A reader whose connections come from {@code localAddress}, a loopback address of its own
   * ({@link #loopbackVisitor}): a proxy in front sees the reader connect from it, as from a reader's
   * own machine.
   */
  public static Reader connectingFrom(Vertx vertx, int port, String localAddress) {
    return new Reader(vertx, port, new WebClientOptions().setLocalAddress(localAddress));
  }

  public Future<HttpResponse<Buffer>> get(String path, String visitorAddress) {
    return request(HttpMethod.GET, path, visitorAddress, MultiMap.caseInsensitiveMultiMap().add("User-Agent", BROWSER));
  }

  public Future<HttpResponse<Buffer>> request(HttpMethod method, String path, String visitorAddress, MultiMap headers) {
    var request = client.request(method, port, "127.0.0.1", path).putHeaders(headers);
    if (visitorAddress != null) {
      request.putHeader("X-Forwarded-For", visitorAddress);
    }
    return request.send();
  }

  public JsonObject siteStats() {
    return client.get(port, "127.0.0.1", "/api/stats").send().await().bodyAsJsonObject();
  }

  public long pageViews(String slug) {
    return client.get(port, "127.0.0.1", "/api/articles/" + slug + "/stats").send().await()
        .bodyAsJsonObject().getLong("views");
  }

  /** The number a page shows in its {@code data-counter} element, with the Vietnamese grouping dots removed. */
  public static long shown(String html, String counter) {
    Matcher m = COUNTER.matcher(html);
    while (m.find()) {
      if (m.group(1).equals(counter)) {
        return Long.parseLong(m.group(2).replace(".", ""));
      }
    }
    throw new AssertionError("The page shows no data-counter=\"" + counter + "\"");
  }

  /**
   * A loopback address of its own per visitor number (127.1.0.1 onwards; any 127.x.y.z is this
   * machine's), for {@link #connectingFrom}: never 127.0.0.1, where the test's proxies run.
   */
  public static String loopbackVisitor(int n) {
    return "127.1." + ((n >> 8) & 255) + "." + (n & 255);
  }

  /** A distinct address per visitor number, so each is a different visitor. */
  public static String visitor(int n) {
    return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }

  @Override
  public void close() {
    client.close();
  }
}
