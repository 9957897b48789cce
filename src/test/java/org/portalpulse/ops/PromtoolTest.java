package org.portalpulse.ops;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.NeedsPrometheus;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.RunningServer;
import org.portalpulse.support.Sql;
import org.portalpulse.support.TestPostgres;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portalpulse.ops.OpsFiles.list;
import static org.portalpulse.ops.OpsFiles.map;

@NeedsPrometheus
@ExtendWith(VertxExtension.class)
@DisplayName("promtool accepts the Prometheus config, the alert rules, their unit tests and the server's scrape")
class PromtoolTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  /**
   * What promtool's metric lint says about meters that Micrometer and Vert.x name, not this project:
   * each line exactly as promtool prints it. Anything else it says fails the test.
   */
  private static final Set<String> LIBRARY_LINT = Set.of(
      "jvm_compilation_time_ms_total metric names should not contain abbreviated units",
      "process_cpu_time_ns_total metric names should not contain abbreviated units",
      "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix",
      "netty_allocator_memory_pinned no help text",
      "netty_allocator_memory_used no help text",
      "netty_allocator_pooled_arenas no help text",
      "netty_allocator_pooled_cache_size no help text",
      "netty_allocator_pooled_chunk_size no help text",
      "netty_allocator_pooled_threadlocal_caches no help text",
      "netty_eventexecutor_tasks_pending no help text");

  @BeforeAll
  static void promtoolIsInstalled() {
    assertThat(PrometheusServer.PROMTOOL).as("Debian's promtool (bash .ci/run installs it)").isExecutable();
  }

  @Test
  @DisplayName("promtool check config: the config is valid and finds alerts.yml beside it")
  void checkConfig() {
    Command check = promtool(null, "check", "config", OpsFiles.ROOT.relativize(OpsFiles.PROMETHEUS_CONFIG).toString());
    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.output()).as(check.describe()).contains("SUCCESS: 1 rule files found");
  }

  @Test
  @DisplayName("promtool check rules: every rule is valid")
  void checkRules() {
    Command check = promtool(null, "check", "rules", OpsFiles.ROOT.relativize(OpsFiles.ALERTS).toString());
    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.output()).as(check.describe()).contains("SUCCESS: " + OpsFiles.alertRules().size() + " rules found");
  }

  @Test
  @DisplayName("every alert says how bad it is and what is wrong")
  void alertsCarrySeverityAndText() {
    List<Map<String, Object>> rules = OpsFiles.alertRules();
    assertThat(rules).extracting(r -> r.get("alert")).contains("PortalPulseDown", "PortalPulseFlushesFailing",
        "PortalPulseFlushBehind", "PortalPulseUnflushedViewsGrowing", "PortalPulseHttpErrors", "PortalPulsePushLagHigh");
    assertThat(rules).allSatisfy(rule -> {
      assertThat(map(rule.get("labels")).get("severity")).as("%s severity", rule.get("alert")).isIn(SEVERITIES);
      Map<String, Object> annotations = map(rule.get("annotations"));
      assertThat((String) annotations.get("summary")).as("%s summary", rule.get("alert")).isNotBlank();
      assertThat((String) annotations.get("description")).as("%s description", rule.get("alert")).isNotBlank();
      assertThat(PromQl.metricUses((String) rule.get("expr"))).as("%s reads counters through rate()/increase()", rule.get("alert"))
          .filteredOn(PromQl.MetricUse::isCounterSample)
          .allSatisfy(use -> assertThat(use.function()).as(use.name()).isIn("rate", "increase"));
    });
  }

  @Test
  @DisplayName("promtool test rules: the alert unit tests pass, with a firing and a quiet case for every alert")
  void alertUnitTests() {
    Command test = promtool(null, "test", "rules", OpsFiles.ROOT.relativize(OpsFiles.ALERT_TESTS).toString());
    assertThat(test.exitCode()).as(test.describe()).isZero();
    assertThat(test.output()).as(test.describe()).contains("SUCCESS");

    List<Map<String, Object>> cases = list(OpsFiles.yaml(OpsFiles.ALERT_TESTS).get("tests")).stream()
        .flatMap(t -> list(map(t).get("alert_rule_test")).stream()).map(OpsFiles::map).toList();
    for (Map<String, Object> rule : OpsFiles.alertRules()) {
      String name = (String) rule.get("alert");
      assertThat(cases).as("a case where %s fires", name)
          .anyMatch(c -> name.equals(c.get("alertname")) && !list(c.get("exp_alerts")).isEmpty());
      assertThat(cases).as("a case where %s stays quiet", name)
          .anyMatch(c -> name.equals(c.get("alertname")) && list(c.get("exp_alerts")).isEmpty());
    }
  }

  @Test
  @DisplayName("an alert whose expression never fires fails its unit tests, for every alert")
  void unitTestsCatchABrokenAlert() throws IOException {
    for (Map<String, Object> rule : OpsFiles.alertRules()) {
      String name = (String) rule.get("alert");
      Path dir = TestPostgres.freshDirectory("alerts-without-" + name);
      Files.writeString(dir.resolve(OpsFiles.ALERTS.getFileName().toString()), alertsWithNeverFiring(name));
      Files.copy(OpsFiles.ALERT_TESTS, dir.resolve(OpsFiles.ALERT_TESTS.getFileName()));

      Command test = promtool(null, "test", "rules", dir.resolve(OpsFiles.ALERT_TESTS.getFileName()).toString());
      try (var files = Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.delete(dir);
      assertThat(test.exitCode()).as("with %s never firing:\n%s", name, test.describe()).isNotZero();
      assertThat(test.output()).as(test.describe()).contains("alertname: " + name);
    }
  }

  @Test
  @DisplayName("promtool check metrics: the server's scrape, after every kind of traffic, has nothing of ours to fix")
  void checkMetricsOnARealScrape(Vertx vertx) {
    String scrape;
    try (RunningServer server = RunningServer.start(vertx, PulseTestServer.defaults(TestPostgres.newDatabaseUrl()), Clock.systemUTC())) {
      int port = server.app().config().httpPort();
      String slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");
      List<LiveClient> pages = EveryKindOfTraffic.play(vertx, server.reader(), port, slug, 1_000);
      PulseTestServer.awaitFlushed(server.app());
      WebClient client = WebClient.create(vertx);
      try {
        var response = client.get(port, "127.0.0.1", "/metrics").send().await();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        scrape = response.bodyAsString();
      } finally {
        client.close();
        pages.forEach(LiveClient::close);
      }
    }
    assertThat(scrape).contains("pulse_views_counted_total", "pulse_live_push_lag_seconds_bucket",
        "vertx_http_server_active_ws_connections", "vertx_pool_in_use", "jvm_memory_used_bytes");

    Command check = promtool(scrape, "check", "metrics");
    List<String> ours = new ArrayList<>();
    for (String line : check.output().split("\n")) {
      if (!line.isBlank() && !LIBRARY_LINT.contains(line.trim())) {
        ours.add(line);
      }
    }
    assertThat(ours).as("promtool check metrics, besides the known library lint:\n%s", check.describe()).isEmpty();
    assertThat(check.exitCode()).as(check.describe()).isIn(0, LIBRARY_LINT.isEmpty() ? 0 : 3);
  }

  private static Command promtool(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(PrometheusServer.PROMTOOL.toString()));
    command.addAll(List.of(args));
    return Command.run(OpsFiles.ROOT, stdin, TIMEOUT, command.toArray(String[]::new));
  }

  /** alerts.yml with one alert's expression replaced by one that is never true. */
  private static String alertsWithNeverFiring(String alert) {
    Map<String, Object> alerts = OpsFiles.yaml(OpsFiles.ALERTS);
    boolean found = false;
    for (Object group : list(alerts.get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        Map<String, Object> r = map(rule);
        if (alert.equals(r.get("alert"))) {
          r.put("expr", "vector(1) == 0");
          found = true;
        }
      }
    }
    assertThat(found).isTrue();
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(new LinkedHashMap<>(alerts));
  }
}
