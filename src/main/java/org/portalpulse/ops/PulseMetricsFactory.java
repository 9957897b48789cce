package org.portalpulse.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;

/**
 * Vert.x's Micrometer metrics, except that HTTP requests are recorded by {@link LeanHttpServerMetrics}.
 * Everything else (event loops, pools, connections, the JVM, Netty) is Vert.x's, unchanged.
 *
 * <p>One thing this gives up: vertx-micrometer-metrics' {@code MetricsService} (JSON snapshots of the
 * metrics) only recognises its own implementation and would return empty snapshots. The project does
 * not use it: {@code /metrics} reads the Prometheus registry directly.
 */
final class PulseMetricsFactory implements VertxMetricsFactory {
  private final MicrometerMetricsFactory micrometer;
  private final MeterRegistry registry;

  PulseMetricsFactory(MeterRegistry registry) {
    this.micrometer = new MicrometerMetricsFactory(registry);
    this.registry = registry;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    return new WithLeanRequests(micrometer.metrics(options), registry);
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return micrometer.newOptions(json);
  }

  /** Passes every call to Vert.x's metrics but wraps the HTTP servers'. */
  private record WithLeanRequests(VertxMetrics vertx, MeterRegistry registry) implements VertxMetrics {
    @Override
    @SuppressWarnings("unchecked")
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
      HttpServerMetrics<?, ?, ?> own = vertx.createHttpServerMetrics(options, localAddress);
      return own == null ? null : new LeanHttpServerMetrics<>((HttpServerMetrics<Object, Object, Object>) own, registry);
    }

    @Override
    public EventBusMetrics createEventBusMetrics() {
      return vertx.createEventBusMetrics();
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
      return vertx.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
      return vertx.createHttpClientMetrics(options);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
      return vertx.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
      return vertx.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
      return vertx.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
      return vertx.createPoolMetrics(poolType, poolName, maxPoolSize);
    }

    @Override
    public void vertxCreated(Vertx created) {
      vertx.vertxCreated(created);
    }

    @Override
    public boolean isMetricsEnabled() {
      return vertx.isMetricsEnabled();
    }

    @Override
    public void close() {
      vertx.close();
    }
  }
}
