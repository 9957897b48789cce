package org.portalpulse.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
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
    String named = overrides.getOrDefault(CONFIG_FILE, System.getenv(CONFIG_FILE));
    String file = named != null ? named : DEFAULT_FILE;
    if (named != null && !Files.isRegularFile(Path.of(named))) {
      return Future.failedFuture(new InvalidSettingException(CONFIG_FILE, "no file at " + named));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0);
    // Optional only when absent: vertx-config would also quietly skip a file it cannot parse.
    if (Files.isRegularFile(Path.of(file))) {
      options.addStore(new ConfigStoreOptions()
          .setType("file")
          .setFormat("json")
          .setConfig(new JsonObject().put("path", file)));
    }
    ConfigStoreOptions envStore = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("keys", new JsonArray(PulseConfig.NAMES)));
    ConfigStoreOptions overrideStore = new ConfigStoreOptions()
        .setType("json")
        .setConfig(new JsonObject(Map.copyOf(overrides)));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options.addStore(envStore).addStore(overrideStore));
    return retriever.getConfig()
        .andThen(done -> retriever.close())
        .recover(err -> Future.failedFuture(err instanceof InvalidSettingException ? err
            : new InvalidSettingException(CONFIG_FILE, file + " cannot be read: " + err.getMessage())))
        .map(PulseConfig::from);
  }
}
