package org.portalpulse.ops;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.portalpulse.ops.OpsFiles.list;
import static org.portalpulse.ops.OpsFiles.map;

@DisplayName("The Grafana dashboard, its provisioning and docker-compose.yml hold together")
class DashboardLintTest {
  private static final JsonObject DATASOURCE = new JsonObject().put("type", "prometheus").put("uid", "${datasource}");
  private static final String GRAFANA_DEFAULT_PROVISIONING = "/etc/grafana/provisioning";

  private final JsonObject dashboard = OpsFiles.dashboard();
  private final List<JsonObject> panels = DashboardQueries.panels(dashboard);

  @Test
  @DisplayName("fixed uid, id null, no __inputs: file provisioning can load it as it is")
  void provisionable() {
    assertThat(dashboard.getString("uid")).isEqualTo("portal-pulse");
    assertThat(dashboard.containsKey("id")).as("has an id key").isTrue();
    assertThat(dashboard.getValue("id")).as("id").isNull();
    assertThat(dashboard.containsKey("__inputs")).as("__inputs").isFalse();
    assertThat(dashboard.containsKey("__requires")).as("__requires").isFalse();
    assertThat(OpsFiles.text(OpsFiles.DASHBOARD)).doesNotContain("${DS_");
    assertThat(dashboard.getString("title")).isNotBlank();
  }

  @Test
  @DisplayName("panel ids are unique")
  void uniquePanelIds() {
    List<Integer> ids = panels.stream().map(p -> p.getInteger("id")).toList();
    assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("every panel fits the 24-column grid and none overlaps another")
  void gridPositions() {
    List<int[]> placed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) p;
      JsonObject pos = panel.getJsonObject("gridPos");
      String name = "\"" + panel.getString("title") + "\"";
      if (pos == null) {
        problems.add(name + " has no gridPos");
        continue;
      }
      int x = pos.getInteger("x", -1);
      int y = pos.getInteger("y", -1);
      int w = pos.getInteger("w", 0);
      int h = pos.getInteger("h", 0);
      if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
        problems.add(name + " has gridPos " + pos.encode());
        continue;
      }
      int[] box = {x, y, w, h};
      for (int[] other : placed) {
        if (x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h) {
          problems.add(name + " " + pos.encode() + " overlaps a panel at x=" + other[0] + ", y=" + other[1]);
        }
      }
      placed.add(box);
    }
    assertThat(problems).isEmpty();
    assertThat(placed).hasSizeGreaterThan(10);
  }

  @Test
  @DisplayName("every panel queries Prometheus through the datasource variable")
  void panelsQueryThroughTheVariable() {
    for (JsonObject panel : panels) {
      String title = panel.getString("title");
      if (DashboardQueries.isRow(panel)) {
        assertThat(panel.getValue("datasource")).as("row %s datasource", title).isIn(null, DATASOURCE);
        continue;
      }
      assertThat(panel.getJsonObject("datasource")).as("panel %s datasource", title).isEqualTo(DATASOURCE);
      List<JsonObject> targets = DashboardQueries.targets(panel);
      assertThat(targets).as("panel %s targets", title).isNotEmpty();
      assertThat(targets).as("panel %s targets", title).allSatisfy(target -> {
        assertThat(target.getString("expr")).as("expr").isNotBlank();
        assertThat(target.getJsonObject("datasource")).as("target datasource").isEqualTo(DATASOURCE);
      });
      assertThat(targets.stream().map(t -> t.getString("refId")).toList()).as("panel %s refIds", title).doesNotHaveDuplicates();
    }
    for (JsonObject variable : DashboardQueries.variables(dashboard)) {
      if ("query".equals(variable.getString("type"))) {
        assertThat(variable.getJsonObject("datasource")).as("variable %s datasource", variable.getString("name")).isEqualTo(DATASOURCE);
      }
    }
  }

  @Test
  @DisplayName("datasource, job and instance are variables, and every $variable used is defined")
  void variablesDefined() {
    List<JsonObject> variables = DashboardQueries.variables(dashboard);
    Set<String> defined = new HashSet<>();
    variables.forEach(v -> defined.add(v.getString("name")));
    assertThat(defined).contains("datasource", "job", "instance");
    JsonObject datasource = variables.stream().filter(v -> v.getString("name").equals("datasource")).findFirst().orElseThrow();
    assertThat(datasource.getString("type")).isEqualTo("datasource");
    assertThat(datasource.getString("query")).isEqualTo("prometheus");
    Set<String> used = new HashSet<>(PromQl.variables(OpsFiles.text(OpsFiles.DASHBOARD)));
    used.removeIf(name -> name.startsWith("__"));
    assertThat(used).as("variables used").isNotEmpty();
    assertThat(defined).as("variables defined in templating").containsAll(used);
  }

  @Test
  @DisplayName("every query reads counters through rate()/increase() over $__rate_interval, filtered by $job and $instance")
  void queriesFollowTheConventions() {
    List<String> problems = new ArrayList<>();
    for (DashboardQueries.Query query : DashboardQueries.queries(dashboard)) {
      for (String problem : PromQl.dashboardProblems(query.expr())) {
        problems.add("\"" + query.panel() + "\" " + query.refId() + ": " + problem + "\n    " + query.expr());
      }
    }
    assertThat(problems).as(String.join("\n", problems)).isEmpty();
  }

  @Test
  @DisplayName("the query lint catches a counter read raw, a missing filter and a fixed range")
  void queryLintCatchesMistakes() {
    String f = "job=~\"$job\",instance=~\"$instance\"";
    assertThat(PromQl.dashboardProblems("sum by (reason) (rate(pulse_views_not_counted_total{" + f + "}[$__rate_interval]))")).isEmpty();
    assertThat(PromQl.dashboardProblems("histogram_quantile(0.99, sum by (route, le) (rate(vertx_http_server_response_time_seconds_bucket{"
        + f + "}[$__rate_interval])))")).isEmpty();
    assertThat(PromQl.dashboardProblems("max(pulse_visitors_online{" + f + "})")).isEmpty();

    assertThat(PromQl.dashboardProblems("sum(pulse_views_counted_total{" + f + "})")).singleElement().asString()
        .contains("pulse_views_counted_total is a counter");
    assertThat(PromQl.dashboardProblems("histogram_quantile(0.5, sum by (le) (vertx_http_server_response_time_seconds_bucket{" + f + "}))"))
        .singleElement().asString().contains("_bucket is a counter");
    assertThat(PromQl.dashboardProblems("sum(rate(pulse_flush_duration_seconds_sum{" + f + "}[$__rate_interval])) / sum(pulse_flush_duration_seconds_count{" + f + "})"))
        .singleElement().asString().contains("pulse_flush_duration_seconds_count is a counter");
    assertThat(PromQl.dashboardProblems("deriv(pulse_views_flushed_total{" + f + "}[$__rate_interval])")).isNotEmpty();
    assertThat(PromQl.dashboardProblems("max(pulse_visitors_online{job=~\"$job\"})")).singleElement().asString()
        .contains("not filtered by instance");
    assertThat(PromQl.dashboardProblems("sum(rate(pulse_views_counted_total{" + f + "}[5m]))")).singleElement().asString()
        .contains("[5m]");
    assertThat(PromQl.metricUses("sum by (route) (rate(x_total{route=\"/articles/:slug\", code=~\"5..\"}[1m])) or vector(0)"))
        .extracting(PromQl.MetricUse::name).containsExactly("x_total");
  }

  @Test
  @DisplayName("Grafana's provisioning points at the folders docker-compose.yml mounts")
  void provisioningMatchesCompose() {
    Map<String, Object> grafana = service("grafana");
    Map<String, String> mounts = bindMounts(grafana);

    String provisioning = Optional.ofNullable((String) environment(grafana).get("GF_PATHS_PROVISIONING"))
        .orElse(GRAFANA_DEFAULT_PROVISIONING);
    assertThat(mounts).as("grafana mounts").containsEntry(provisioning, "grafana/provisioning");

    List<Object> providers = list(OpsFiles.yaml(OpsFiles.DASHBOARD_PROVIDERS).get("providers"));
    assertThat(providers).isNotEmpty();
    for (Object p : providers) {
      Map<String, Object> provider = map(p);
      assertThat(provider.get("type")).isEqualTo("file");
      String path = (String) map(provider.get("options")).get("path");
      assertThat(mounts).as("grafana mounts the dashboards at the provider's path %s", path).containsKey(path);
      Path hostDir = OpsFiles.ROOT.resolve(mounts.get(path)).normalize();
      assertThat(hostDir).isEqualTo(OpsFiles.DASHBOARDS);
      assertThat(hostDir.resolve(OpsFiles.DASHBOARD.getFileName())).isRegularFile();
    }

    List<Object> datasources = list(OpsFiles.yaml(OpsFiles.DATASOURCES).get("datasources"));
    assertThat(datasources).hasSize(1);
    Map<String, Object> datasource = map(datasources.get(0));
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    URI url = URI.create((String) datasource.get("url"));
    Map<String, Object> prometheus = service(url.getHost());
    assertThat(list(prometheus.get("command"))).as("the datasource's port is where Prometheus listens")
        .contains("--web.listen-address=:" + url.getPort());
    Object scrapeInterval = map(OpsFiles.yaml(OpsFiles.PROMETHEUS_CONFIG).get("global")).get("scrape_interval");
    assertThat(map(datasource.get("jsonData")).get("timeInterval")).as("timeInterval = Prometheus scrape_interval")
        .isEqualTo(scrapeInterval);
  }

  @Test
  @DisplayName("Prometheus in compose reads conf/prometheus and scrapes the server service where it listens")
  void prometheusMatchesCompose() {
    Map<String, Object> prometheus = service("prometheus");
    Map<String, String> mounts = bindMounts(prometheus);
    String configFlag = list(prometheus.get("command")).stream().map(String::valueOf)
        .filter(a -> a.startsWith("--config.file=")).findFirst().orElseThrow();
    Path containerConfig = Path.of(configFlag.substring("--config.file=".length()));
    String mount = mounts.keySet().stream().filter(m -> containerConfig.startsWith(m)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount holds " + containerConfig + ": " + mounts));
    Path hostConfig = OpsFiles.ROOT.resolve(mounts.get(mount)).resolve(Path.of(mount).relativize(containerConfig)).normalize();
    assertThat(hostConfig).isEqualTo(OpsFiles.PROMETHEUS_CONFIG);

    Map<String, Object> config = OpsFiles.yaml(OpsFiles.PROMETHEUS_CONFIG);
    for (Object ruleFile : list(config.get("rule_files"))) {
      assertThat(hostConfig.getParent().resolve((String) ruleFile)).as("rule file %s", ruleFile).isRegularFile();
    }
    Map<String, Object> job = map(list(config.get("scrape_configs")).get(0));
    assertThat(job.get("job_name")).isEqualTo("portal-pulse");
    for (Object target : list(map(list(job.get("static_configs")).get(0)).get("targets"))) {
      String[] hostPort = ((String) target).split(":");
      Map<String, Object> server = service(hostPort[0]);
      assertThat(String.valueOf(environment(server).getOrDefault("PULSE_HTTP_PORT", "8080")))
          .as("the server listens where Prometheus scrapes it").isEqualTo(hostPort[1]);
    }
  }

  @Test
  @DisplayName("docker-compose.yml parses, every file and folder it mounts or builds from exists, and the server reaches its PostgreSQL")
  void composeFileIsWhole() {
    Map<String, Object> compose = OpsFiles.yaml(OpsFiles.COMPOSE);
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).containsKeys("server", "postgres", "prometheus", "grafana");
    Set<String> namedVolumes = map(compose.get("volumes")).keySet();
    List<String> problems = new ArrayList<>();
    services.forEach((name, s) -> {
      for (Object v : list(map(s).get("volumes"))) {
        String[] parts = String.valueOf(v).split(":");
        String source = parts[0];
        if (source.startsWith(".") || source.startsWith("/")) {
          if (!Files.exists(OpsFiles.ROOT.resolve(source).normalize())) {
            problems.add(name + " mounts " + source + ", which does not exist");
          }
        } else if (!namedVolumes.contains(source)) {
          problems.add(name + " mounts volume " + source + ", which is not declared");
        }
      }
    });
    assertThat(problems).isEmpty();

    Map<String, Object> build = map(service("server").get("build"));
    Path context = OpsFiles.ROOT.resolve((String) build.get("context")).normalize();
    Path dockerfile = context.resolve((String) build.getOrDefault("dockerfile", "Dockerfile"));
    assertThat(dockerfile).isRegularFile();
    Matcher copy = Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)").matcher(OpsFiles.text(dockerfile));
    int copies = 0;
    while (copy.find()) {
      copies++;
      assertThat(context.resolve(copy.group(1))).as("Dockerfile COPY %s", copy.group(1)).exists();
    }
    assertThat(copies).as("COPY lines in the Dockerfile").isGreaterThan(0);

    URI pg = URI.create((String) environment(service("server")).get("PULSE_PG_URL"));
    assertThat(pg.getScheme()).isEqualTo("postgresql");
    assertThat((String) service(pg.getHost()).get("image")).startsWith("postgres:");
  }

  private static Map<String, Object> service(String name) {
    Map<String, Object> services = map(OpsFiles.yaml(OpsFiles.COMPOSE).get("services"));
    assertThat(services).as("docker-compose.yml services").containsKey(name);
    return map(services.get(name));
  }

  /** A service's environment, whether written as a map or as a list of NAME=value. */
  private static Map<String, Object> environment(Map<String, Object> service) {
    Object env = service.get("environment");
    if (env instanceof List<?> entries) {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      entries.forEach(e -> {
        String[] kv = String.valueOf(e).split("=", 2);
        map.put(kv[0], kv.length > 1 ? kv[1] : "");
      });
      return map;
    }
    return map(env);
  }

  /** Container path to repository-relative host path, for the service's bind mounts. */
  private static Map<String, String> bindMounts(Map<String, Object> service) {
    Map<String, String> mounts = new java.util.LinkedHashMap<>();
    for (Object v : list(service.get("volumes"))) {
      String[] parts = String.valueOf(v).split(":");
      if (parts[0].startsWith(".")) {
        mounts.put(parts[1], OpsFiles.ROOT.relativize(OpsFiles.ROOT.resolve(parts[0]).normalize()).toString());
      }
    }
    return mounts;
  }
}
