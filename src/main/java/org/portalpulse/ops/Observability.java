package org.portalpulse.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.EnumSet;

/** One Prometheus registry per instance, and a Vert.x that reports into it. */
public final class Observability {
  private Observability() {
  }

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  public static Vertx vertxReportingTo(PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setNettyMetricsEnabled(true)
        // Bounded labels only, never an address. The HTTP requests' labels (route template, method, code)
        // are LeanHttpServerMetrics' own and not set here.
        .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME));
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        // Vert.x's metrics, with HTTP requests recorded more cheaply: see LeanHttpServerMetrics.
        .withMetrics(new PulseMetricsFactory(registry))
        .build();
  }
}
