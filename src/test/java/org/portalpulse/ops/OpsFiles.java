package org.portalpulse.ops;

import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The ops files of the repository, read as the tools that use them would. */
final class OpsFiles {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
  static final Path PROMETHEUS_CONFIG = ROOT.resolve("conf/prometheus/prometheus.yml");
  static final Path ALERTS = ROOT.resolve("conf/prometheus/alerts.yml");
  static final Path ALERT_TESTS = ROOT.resolve("conf/prometheus/alerts.test.yml");
  static final Path GRAFANA_PROVISIONING = ROOT.resolve("grafana/provisioning");
  static final Path DATASOURCES = GRAFANA_PROVISIONING.resolve("datasources/prometheus.yml");
  static final Path DASHBOARD_PROVIDERS = GRAFANA_PROVISIONING.resolve("dashboards/portal-pulse.yml");
  static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
  static final Path DASHBOARD = DASHBOARDS.resolve("portal-pulse.json");

  private OpsFiles() {
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML document as plain maps and lists; only the safe constructor, as these are config files. */
  static Map<String, Object> yaml(Path file) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text(file));
    if (!(document instanceof Map)) {
      throw new AssertionError(ROOT.relativize(file) + " is not a YAML mapping");
    }
    return map(document);
  }

  static JsonObject dashboard() {
    return new JsonObject(text(DASHBOARD));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value == null ? List.of() : (List<Object>) value;
  }

  /** Every alerting rule of alerts.yml, in order. */
  static List<Map<String, Object>> alertRules() {
    return list(yaml(ALERTS).get("groups")).stream()
        .flatMap(group -> list(map(group).get("rules")).stream())
        .map(OpsFiles::map)
        .filter(rule -> rule.containsKey("alert"))
        .toList();
  }
}
