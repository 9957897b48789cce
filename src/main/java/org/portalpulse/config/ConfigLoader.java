package org.portalpulse.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Reads {@code conf/pulse.json} (or the file named by {@code PULSE_CONFIG}), then lets the
 * environment override it, then lets explicit overrides (used by tests) override both.
 */
public final class ConfigLoader {
  public static final String CONFIG_FILE = "PULSE_CONFIG";
  private static final String DEFAULT_FILE = "conf/pulse.json";

  private ConfigLoader() {
  }

  public static Future<PulseConfig> load(Vertx vertx, Map<String, String> overrides) {
    String file = overrides.getOrDefault(CONFIG_FILE, System.getenv().getOrDefault(CONFIG_FILE, DEFAULT_FILE));
    ConfigStoreOptions fileStore = new ConfigStoreOptions()
        .setType("file")
        .setFormat("json")
        .setOptional(true)
        .setConfig(new JsonObject().put("path", file));
    ConfigStoreOptions envStore = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("keys", new JsonArray(PulseConfig.NAMES)));
    ConfigStoreOptions overrideStore = new ConfigStoreOptions()
        .setType("json")
        .setConfig(new JsonObject(Map.copyOf(overrides)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(fileStore)
        .addStore(envStore)
        .addStore(overrideStore));
    return retriever.getConfig()
        .andThen(done -> retriever.close())
        .map(PulseConfig::from);
  }
}
