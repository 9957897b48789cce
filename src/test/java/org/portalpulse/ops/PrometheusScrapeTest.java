package org.portalpulse.ops;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portalpulse.support.LiveClient;
import org.portalpulse.support.NeedsPrometheus;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.Reader;
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
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.portalpulse.ops.OpsFiles.list;
import static org.portalpulse.ops.OpsFiles.map;

/**
 * A real Prometheus scrapes the real server every second, with the project's scrape config and alert
 * rules, while every kind of traffic plays; then every query the dashboard and the alerts send must be
 * valid, and every dashboard query must return numbers.
 */
@NeedsPrometheus
@ExtendWith(VertxExtension.class)
@DisplayName("The dashboard and the alerts, against a real Prometheus scraping the real server")
class PrometheusScrapeTest {
  private static final String JOB = "portal-pulse";
  /** What Grafana would send for $__rate_interval at a 1 s scrape interval, widened to span several flushes and pushes. */
  private static final String RATE_INTERVAL = "20s";
  /** Alerts about latency thresholds; a shared 2-core test machine cannot promise they stay quiet. */
  private static final Set<String> LATENCY_ALERTS = Set.of("PortalPulsePushLagHigh", "PortalPulseEventLoopDelayed");

  private static RunningServer server;
  private static PrometheusServer prometheus;
  private static List<LiveClient> openPages;
  private static long backgroundTraffic;
  private static String instance;
  private static String slug;
  private static Path prometheusDir;

  @BeforeAll
  static void start(Vertx vertx) throws IOException {
    assertThat(PrometheusServer.BINARY).as("Debian's prometheus (bash .ci/run installs it)").isExecutable();
    server = RunningServer.start(vertx, PulseTestServer.defaults(TestPostgres.newDatabaseUrl()), Clock.systemUTC());
    int port = server.app().config().httpPort();
    instance = "127.0.0.1:" + port;
    slug = Sql.text(server.app().databaseUrl(), "SELECT slug FROM articles ORDER BY id LIMIT 1");

    prometheusDir = TestPostgres.freshDirectory("prometheus");
    Path config = prometheusDir.resolve("prometheus.yml");
    Files.writeString(config, scrapeConfigFor(instance));
    prometheus = PrometheusServer.start(config, prometheusDir.resolve("data"), PulseTestServer.freePort());

    openPages = EveryKindOfTraffic.play(vertx, server.reader(), port, slug, 1_000);
    // The server runs in this JVM: a collection now is one it reports. A light test load may not fill
    // the heap within the scrapes, and the "GC pauses" panel would then have nothing to show.
    System.gc();
    // A trickle of readers while Prometheus watches: flushes, pushes and latencies keep happening.
    AtomicInteger next = new AtomicInteger(5_000);
    backgroundTraffic = vertx.setPeriodic(150, id -> server.reader().get("/articles/" + slug, Reader.visitor(next.getAndIncrement())));

    awaitScrapes(25, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop(Vertx vertx) throws IOException {
    if (prometheus != null) {
      prometheus.close();
      try (var files = Files.walk(prometheusDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    vertx.cancelTimer(backgroundTraffic);
    if (openPages != null) {
      openPages.forEach(LiveClient::close);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("Prometheus scrapes the server with the project's job, and saw every kind of traffic")
  void scrapesTheServer() {
    JsonArray targets = prometheus.api("/api/v1/targets").getJsonObject("data").getJsonArray("activeTargets");
    assertThat(targets).hasSize(1);
    JsonObject target = targets.getJsonObject(0);
    assertThat(target.getJsonObject("labels").getString("job")).isEqualTo(JOB);
    assertThat(target.getString("health")).as("target health, last error: %s", target.getString("lastError")).isEqualTo("up");

    String where = "job=\"" + JOB + "\",instance=\"" + instance + "\"";
    // 40 readers, the first view of the one who reloads, and the view the open pages saw arrive.
    assertThat(prometheus.scalar("pulse_views_counted_total{" + where + "}")).isGreaterThanOrEqualTo(42);
    for (String reason : List.of("bot", "duplicate", "no_user_agent", "prefetch", "not_get", "not_served")) {
      assertThat(prometheus.scalar("pulse_views_not_counted_total{" + where + ",reason=\"" + reason + "\"}"))
          .as("views not counted as %s", reason).isGreaterThan(0);
    }
    assertThat(prometheus.scalar("pulse_live_sockets{" + where + "}")).isEqualTo(2);
    assertThat(prometheus.scalar("pulse_live_frames_pushed_total{" + where + "}")).isGreaterThan(0);
  }

  @Test
  @DisplayName("every query of every dashboard panel is valid and returns numbers")
  void everyDashboardQueryReturnsData() {
    List<DashboardQueries.Query> queries = DashboardQueries.queries(OpsFiles.dashboard());
    assertThat(queries).as("dashboard queries").hasSizeGreaterThanOrEqualTo(20);
    List<String> failures = new ArrayList<>();
    for (DashboardQueries.Query query : queries) {
      String promql = PromQl.substitute(query.expr(), variables());
      JsonObject answer = prometheus.query(promql);
      String where = "panel \"" + query.panel() + "\" " + query.refId() + ": " + promql + "\n    -> ";
      if (!"success".equals(answer.getString("status"))) {
        failures.add(where + answer.getString("errorType") + ": " + answer.getString("error"));
        continue;
      }
      JsonArray result = answer.getJsonObject("data").getJsonArray("result");
      if (result.isEmpty()) {
        failures.add(where + "no data");
      } else if (result.stream().map(JsonObject.class::cast).noneMatch(PrometheusScrapeTest::isFinite)) {
        failures.add(where + "only NaN or infinite values: " + result.encode());
      }
    }
    assertThat(failures).as("dashboard queries that fail or return nothing:\n%s", String.join("\n", failures)).isEmpty();
  }

  @Test
  @DisplayName("the job and instance variables find this server")
  void variablesFindTheServer() {
    List<DashboardQueries.LabelValues> variables = DashboardQueries.labelValueQueries(OpsFiles.dashboard());
    assertThat(variables).extracting(DashboardQueries.LabelValues::variable).contains("job", "instance");
    for (DashboardQueries.LabelValues variable : variables) {
      String selector = PromQl.substitute(variable.selector(), variables());
      JsonArray series = prometheus.series(selector);
      Set<String> values = new TreeSet<>();
      series.stream().map(JsonObject.class::cast).forEach(s -> values.add(s.getString(variable.label())));
      assertThat(values).as("$%s from %s", variable.variable(), selector).contains(variables().get(variable.variable()));
    }
  }

  @Test
  @DisplayName("every alert rule is loaded and healthy, its query valid, and a healthy server fires none")
  void everyAlertRuleEvaluates() {
    List<Map<String, Object>> rules = OpsFiles.alertRules();
    assertThat(rules).hasSizeGreaterThanOrEqualTo(6);

    Map<String, JsonObject> loaded = new LinkedHashMap<>();
    for (Object group : prometheus.api("/api/v1/rules").getJsonObject("data").getJsonArray("groups")) {
      for (Object rule : ((JsonObject) group).getJsonArray("rules")) {
        loaded.put(((JsonObject) rule).getString("name"), (JsonObject) rule);
      }
    }
    assertThat(loaded.keySet()).containsExactlyInAnyOrderElementsOf(rules.stream().map(r -> (String) r.get("alert")).toList());

    List<String> failures = new ArrayList<>();
    for (Map<String, Object> rule : rules) {
      String name = (String) rule.get("alert");
      String expr = ((String) rule.get("expr")).trim();
      JsonObject state = loaded.get(name);
      if (!"ok".equals(state.getString("health"))) {
        failures.add(name + ": rule health " + state.getString("health") + " " + state.getString("lastError", ""));
      }
      if ("firing".equals(state.getString("state"))) {
        failures.add(name + ": firing on a healthy server: " + state.getJsonArray("alerts").encode());
      }
      JsonObject answer = prometheus.query(expr);
      if (!"success".equals(answer.getString("status"))) {
        failures.add(name + ": " + expr + " -> " + answer.getString("error"));
        continue;
      }
      if (!LATENCY_ALERTS.contains(name) && !answer.getJsonObject("data").getJsonArray("result").isEmpty()) {
        failures.add(name + ": would fire on a healthy server: " + expr + " -> " + answer.getJsonObject("data").encode());
      }
      for (PromQl.MetricUse use : PromQl.metricUses(expr)) {
        if (prometheus.series(use.name() + "{job=\"" + JOB + "\"}").isEmpty()) {
          failures.add(name + ": reads " + use.name() + ", which the server does not expose");
        }
      }
    }
    assertThat(failures).as("alert rules:\n%s", String.join("\n", failures)).isEmpty();
  }

  @Test
  @DisplayName("no label carries a raw path, a slug, an address or a user agent")
  void labelsAreBounded() {
    JsonArray series = prometheus.series("{job=\"" + JOB + "\"}");
    assertThat(series.size()).as("series of the server").isBetween(100, 3_000);
    List<String> leaks = new ArrayList<>();
    for (Object s : series) {
      JsonObject labels = (JsonObject) s;
      for (String label : labels.fieldNames()) {
        String value = labels.getString(label);
        if (value.contains(slug) || value.contains("no-such") || value.matches(".*\\b10\\.\\d+\\.\\d+\\.\\d+.*")
            || value.contains("Mozilla") || value.contains("Googlebot") || value.contains("page=")) {
          leaks.add(labels.encode());
        }
      }
    }
    assertThat(leaks).as("series whose labels carry request data").isEmpty();
    List<String> routes = series.stream().map(JsonObject.class::cast)
        .filter(l -> l.getString("__name__").equals("vertx_http_server_requests_total"))
        .map(l -> l.getString("route")).distinct().toList();
    assertThat(routes).as("route labels").contains("/articles/:slug", "/", "/api/stats", "/metrics");
  }

  private static Map<String, String> variables() {
    return Map.of("job", JOB, "instance", instance, "datasource", "prometheus",
        "__rate_interval", RATE_INTERVAL, "__interval", "5s", "__range", "5m");
  }

  private static boolean isFinite(JsonObject series) {
    String value = series.getJsonArray("value").getString(1);
    return !value.equals("NaN") && !value.endsWith("Inf");
  }

  /** The project's scrape config, pointed at the test's server and scraping every second; rules as they are. */
  private static String scrapeConfigFor(String target) {
    Map<String, Object> config = new LinkedHashMap<>(OpsFiles.yaml(OpsFiles.PROMETHEUS_CONFIG));
    config.put("global", Map.of("scrape_interval", "1s", "scrape_timeout", "1s", "evaluation_interval", "1s"));
    Path configDir = OpsFiles.PROMETHEUS_CONFIG.getParent();
    config.put("rule_files", list(config.get("rule_files")).stream().map(f -> configDir.resolve((String) f).toString()).toList());
    List<Object> jobs = list(config.get("scrape_configs"));
    assertThat(jobs).as("scrape_configs").hasSize(1);
    Map<String, Object> job = new LinkedHashMap<>(map(jobs.get(0)));
    assertThat(job.get("job_name")).isEqualTo(JOB);
    job.put("static_configs", List.of(Map.of("targets", List.of(target))));
    config.put("scrape_configs", List.of(job));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(config);
  }

  private static void awaitScrapes(int scrapes, Duration timeout) {
    String count = "count_over_time(up{job=\"" + JOB + "\"}[1m])";
    await("Prometheus scraping the server " + scrapes + " times").atMost(timeout).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          JsonArray result = prometheus.query(count).getJsonObject("data").getJsonArray("result");
          double scraped = result.isEmpty() ? 0 : Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
          assertThat(scraped).as(() -> "scrapes of the server; the Prometheus log:\n" + prometheus.log()).isGreaterThanOrEqualTo(scrapes);
        });
  }
}
