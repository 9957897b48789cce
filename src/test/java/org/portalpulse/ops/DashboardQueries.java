package org.portalpulse.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The panels of a Grafana dashboard and the PromQL they send. */
final class DashboardQueries {
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\)\\s*$");

  private DashboardQueries() {
  }

  record Query(String panel, String refId, String expr) {
  }

  /** A query variable's {@code label_values(selector, label)}. */
  record LabelValues(String variable, String selector, String label) {
  }

  /** Every panel, including those nested in rows. */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> all = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels", new JsonArray())) {
      JsonObject panel = (JsonObject) p;
      all.add(panel);
      for (Object nested : panel.getJsonArray("panels", new JsonArray())) {
        all.add((JsonObject) nested);
      }
    }
    return all;
  }

  static boolean isRow(JsonObject panel) {
    return "row".equals(panel.getString("type"));
  }

  static List<JsonObject> targets(JsonObject panel) {
    return panel.getJsonArray("targets", new JsonArray()).stream().map(JsonObject.class::cast).toList();
  }

  static List<Query> queries(JsonObject dashboard) {
    List<Query> queries = new ArrayList<>();
    for (JsonObject panel : panels(dashboard)) {
      for (JsonObject target : targets(panel)) {
        queries.add(new Query(panel.getString("title"), target.getString("refId"), target.getString("expr")));
      }
    }
    return queries;
  }

  static List<JsonObject> variables(JsonObject dashboard) {
    return dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())
        .stream().map(JsonObject.class::cast).toList();
  }

  static List<LabelValues> labelValueQueries(JsonObject dashboard) {
    List<LabelValues> queries = new ArrayList<>();
    for (JsonObject variable : variables(dashboard)) {
      if (!"query".equals(variable.getString("type"))) {
        continue;
      }
      Object query = variable.getValue("query");
      String text = query instanceof JsonObject q ? q.getString("query") : (String) query;
      Matcher m = LABEL_VALUES.matcher(text);
      if (!m.matches()) {
        throw new AssertionError("Variable " + variable.getString("name") + " is not label_values(selector, label): " + text);
      }
      queries.add(new LabelValues(variable.getString("name"), m.group(1).trim(), m.group(2)));
    }
    return queries;
  }
}
