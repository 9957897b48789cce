package org.portalpulse.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP server's request metrics, with each (route, method, status) finding its meters once
 * instead of on every request; connections, websockets and errors stay with Vert.x's own metrics.
 *
 * <p>Why not Vert.x's request metrics: in vertx-micrometer-metrics 5.0 every request looks up four
 * to five meters by their tags in the registry (an active-request gauge, the count, the timer, two
 * byte summaries), which cost pages a measurable share of their throughput (BENCHMARKS.md, "Cheaper
 * HTTP request metrics"). The series written here are the ones Vert.x
 * wrote, with the same names and labels (route, method, code): {@code vertx_http_server_requests_total}
 * and the {@code vertx_http_server_response_time_seconds} histogram, which the dashboards and alerts
 * read, and {@code vertx_http_server_request_resets_total}. Left out: the active-requests gauge and
 * the byte counts and summaries, which nothing reads.
 */
final class LeanHttpServerMetrics<W, S> implements HttpServerMetrics<LeanHttpServerMetrics.Request, W, S> {
  static final String REQUESTS = "vertx.http.server.requests";
  static final String RESPONSE_TIME = "vertx.http.server.response.time";
  static final String RESETS = "vertx.http.server.request.resets";
  /**
   * Every other method (WebDAV's, made-up ones) is this one label value, so that a client cannot
   * multiply the series: each (route, method, code) costs a histogram of about 70 of them.
   */
  static final String OTHER_METHOD = "OTHER";
  private static final Set<HttpMethod> LABELLED_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
      HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);

  private final HttpServerMetrics<Object, W, S> vertx;
  private final MeterRegistry registry;
  private final ConcurrentMap<MeterKey, RequestMeters> meters = new ConcurrentHashMap<>();

  LeanHttpServerMetrics(HttpServerMetrics<Object, W, S> vertx, MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  @Override
  public Request requestBegin(S socket, HttpRequest request) {
    return new Request(labelOf(request.method()), System.nanoTime());
  }

  @Override
  public Request responsePushed(S socket, HttpMethod method, String uri, HttpResponse response) {
    return new Request(labelOf(method), System.nanoTime()); // HTTP/2 push: the server pushes nothing today
  }

  private static String labelOf(HttpMethod method) {
    return LABELLED_METHODS.contains(method) ? method.name() : OTHER_METHOD;
  }

  @Override
  public void requestRouted(Request request, String route) {
    request.routed(route);
  }

  @Override
  public void responseEnd(Request request, HttpResponse response, long bytesWritten) {
    MeterKey key = new MeterKey(request.route(), request.method, response.statusCode());
    RequestMeters found = meters.get(key);
    if (found == null) {
      found = meters.computeIfAbsent(key, this::register);
    }
    found.count.increment();
    found.time.record(System.nanoTime() - request.startNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void requestReset(Request request) {
    // Rare: a client gave up mid-request. A registry look-up is fine here.
    Counter.builder(RESETS).description("Number of request resets").tag("method", request.method)
        .register(registry).increment();
  }

  private RequestMeters register(MeterKey key) {
    String[] tags = {"route", key.route, "method", key.method, "code", Integer.toString(key.code)};
    return new RequestMeters(
        Counter.builder(REQUESTS).description("Number of processed requests").tags(tags).register(registry),
        // A histogram, so that p50 and p99 per route can be computed across instances in PromQL.
        Timer.builder(RESPONSE_TIME).description("Request processing time").tags(tags).publishPercentileHistogram()
            .register(registry));
  }

  // Connections, websockets and errors: Vert.x's metrics, as before. Bytes read and written are not
  // passed on: nothing reads them, and each call would look their meters up by tags again.

  @Override
  public S connected(SocketAddress remoteAddress, String remoteName) {
    return vertx.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(S socket, SocketAddress remoteAddress) {
    vertx.disconnected(socket, remoteAddress);
  }

  @Override
  public void exceptionOccurred(S socket, SocketAddress remoteAddress, Throwable t) {
    vertx.exceptionOccurred(socket, remoteAddress, t);
  }

  @Override
  public W connected(S socket, Request request, ServerWebSocket webSocket) {
    return vertx.connected(socket, null, webSocket); // Vert.x counts websockets by connection, not by request
  }

  @Override
  public void disconnected(W webSocket) {
    vertx.disconnected(webSocket);
  }

  @Override
  public void close() {
    vertx.close();
  }

  /** One request in flight, handled by one thread at a time. */
  static final class Request {
    final String method;
    final long startNanos;
    private String route = "";

    Request(String method, long startNanos) {
      this.method = method;
      this.startNanos = startNanos;
    }

    /** As Vert.x labels it: the route templates that handled the request, joined by '>'; "" for none. */
    void routed(String template) {
      if (template != null) {
        route = route.isEmpty() ? template : route + '>' + template;
      }
    }

    String route() {
      return route;
    }
  }

  private record MeterKey(String route, String method, int code) {
  }

  private record RequestMeters(Counter count, Timer time) {
  }
}
