package org.portalpulse.config;

import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Everything an operator can set. One name per setting, the same in {@code conf/pulse.json} and in
 * the environment (which wins), because tools outside the project use these names.
 */
public record PulseConfig(
    String httpHost,
    int httpPort,
    Optional<PostgresUrl> postgresUrl,
    Optional<PostgresUrl> listenUrl,
    Duration databaseWait,
    Path dataDir,
    Duration dedupWindow,
    List<String> trustedProxies,
    ZoneId timezone,
    DayOfWeek weekStart,
    Duration flushInterval,
    Duration onlineWindow,
    int addressBudget,
    Duration addressWindow,
    Optional<Long> siteLegacyViews,
    int httpInstances,
    Optional<Integer> opsPort,
    boolean countViews,
    CountOn countOn,
    LiveSettings live,
    EmbedSettings embed,
    List<AdminToken> adminTokens,
    Optional<String> publicUrl) {

  public static final String HTTP_HOST = "PULSE_HTTP_HOST";
  public static final String HTTP_PORT = "PULSE_HTTP_PORT";
  public static final String PG_URL = "PULSE_PG_URL";
  public static final String PG_LISTEN_URL = "PULSE_PG_LISTEN_URL";
  public static final String PG_WAIT = "PULSE_PG_WAIT";
  public static final String DATA_DIR = "PULSE_DATA_DIR";
  public static final String DEDUP_WINDOW = "PULSE_DEDUP_WINDOW";
  public static final String TRUSTED_PROXIES = "PULSE_TRUSTED_PROXIES";
  public static final String TIMEZONE = "PULSE_TIMEZONE";
  public static final String WEEK_START = "PULSE_WEEK_START";
  public static final String FLUSH_INTERVAL_MS = "PULSE_FLUSH_INTERVAL_MS";
  public static final String ONLINE_WINDOW = "PULSE_ONLINE_WINDOW";
  public static final String ADDRESS_BUDGET = "PULSE_ADDRESS_BUDGET";
  public static final String ADDRESS_WINDOW = "PULSE_ADDRESS_WINDOW";
  public static final String LEGACY_TOTAL = "PULSE_LEGACY_TOTAL";
  public static final String HTTP_INSTANCES = "PULSE_HTTP_INSTANCES";
  public static final String OPS_PORT = "PULSE_OPS_PORT";
  public static final String COUNT_VIEWS = "PULSE_COUNT_VIEWS";
  public static final String COUNT_ON = "PULSE_COUNT_ON";
  public static final String PUSH_INTERVAL_MS = "PULSE_PUSH_INTERVAL_MS";
  public static final String WS_ALLOWED_ORIGINS = "PULSE_WS_ALLOWED_ORIGINS";
  public static final String WS_MAX_PER_ADDRESS = "PULSE_WS_MAX_PER_ADDRESS";
  public static final String WS_PING_INTERVAL = "PULSE_WS_PING_INTERVAL";
  public static final String WS_MAX_SOCKETS = "PULSE_WS_MAX_SOCKETS";
  public static final String EMBED_ORIGINS = "PULSE_EMBED_ORIGINS";
  public static final String NEW_PAGES_PER_HOUR = "PULSE_NEW_PAGES_PER_HOUR";
  public static final String MAX_PAGES = "PULSE_MAX_PAGES";
  public static final String ADMIN_TOKEN = "PULSE_ADMIN_TOKEN";
  public static final String ADMIN_TOKENS = "PULSE_ADMIN_TOKENS";
  public static final String PUBLIC_URL = "PULSE_PUBLIC_URL";

  static final List<String> NAMES = List.of(HTTP_HOST, HTTP_PORT, PG_URL, PG_LISTEN_URL, PG_WAIT, DATA_DIR, DEDUP_WINDOW,
      TRUSTED_PROXIES, TIMEZONE, WEEK_START, FLUSH_INTERVAL_MS, ONLINE_WINDOW, ADDRESS_BUDGET, ADDRESS_WINDOW, LEGACY_TOTAL, HTTP_INSTANCES, OPS_PORT, COUNT_VIEWS, COUNT_ON,
      PUSH_INTERVAL_MS, WS_ALLOWED_ORIGINS, WS_MAX_PER_ADDRESS, WS_PING_INTERVAL, WS_MAX_SOCKETS, EMBED_ORIGINS, NEW_PAGES_PER_HOUR, MAX_PAGES,
      ADMIN_TOKEN, ADMIN_TOKENS, PUBLIC_URL);

  public static PulseConfig from(JsonObject merged) {
    Settings s = new Settings(merged);
    String pgUrl = s.text(PG_URL, "");
    List<String> proxies = s.list(TRUSTED_PROXIES);
    proxies.forEach(p -> TrustedProxyAddress.requireLiteral(TRUSTED_PROXIES, p));
    String dataDir = s.text(DATA_DIR, "./data");
    int httpPort = s.integer(HTTP_PORT, 8080, 0, 65535);
    return new PulseConfig(
        s.text(HTTP_HOST, "0.0.0.0"),
        httpPort,
        pgUrl.isEmpty() ? Optional.empty() : Optional.of(PostgresUrl.parse(pgUrl)),
        listenUrl(s, pgUrl),
        Duration.ofSeconds(s.longValue(PG_WAIT, 60, 0, 3_600)),
        Path.of(dataDir).toAbsolutePath().normalize(),
        Duration.ofSeconds(s.longValue(DEDUP_WINDOW, 600, 0, 86_400)),
        proxies,
        s.zone(TIMEZONE, "Asia/Ho_Chi_Minh"),
        s.dayOfWeek(WEEK_START, DayOfWeek.MONDAY),
        Duration.ofMillis(s.longValue(FLUSH_INTERVAL_MS, 1000, 50, 1000)),
        Duration.ofSeconds(s.longValue(ONLINE_WINDOW, 300, 1, 86_400)),
        s.integer(ADDRESS_BUDGET, 100, 0, 1_000_000),
        Duration.ofSeconds(s.longValue(ADDRESS_WINDOW, 600, 10, 86_400)),
        s.text(LEGACY_TOTAL, null) == null ? Optional.empty()
            : Optional.of(s.longValue(LEGACY_TOTAL, 0, 0, Long.MAX_VALUE / 4)),
        s.integer(HTTP_INSTANCES, Runtime.getRuntime().availableProcessors(), 1, 64),
        opsPort(s, httpPort),
        s.bool(COUNT_VIEWS, true),
        CountOn.parse(COUNT_ON, s.text(COUNT_ON, "request")),
        new LiveSettings(
            Duration.ofMillis(s.longValue(PUSH_INTERVAL_MS, 1000, 100, 10_000)),
            s.list(WS_ALLOWED_ORIGINS).stream().map(o -> AllowedOrigin.parse(WS_ALLOWED_ORIGINS, o)).toList(),
            s.integer(WS_MAX_PER_ADDRESS, 100, 1, 100_000),
            // Below the server's 60 s idle timeout, which would otherwise close a quiet socket first.
            Duration.ofSeconds(s.longValue(WS_PING_INTERVAL, 20, 1, 50)),
            s.integer(WS_MAX_SOCKETS, OpenFiles.socketBudget(), 1, 10_000_000)),
        new EmbedSettings(
            s.list(EMBED_ORIGINS).stream().map(o -> AllowedOrigin.parse(EMBED_ORIGINS, o)).toList(),
            s.integer(NEW_PAGES_PER_HOUR, 1_000, 0, 1_000_000),
            s.integer(MAX_PAGES, 200_000, 1, 10_000_000)),
        adminTokens(s),
        publicUrl(s));
  }

  /**
   * Unset: notifications are heard on a connection to {@code PULSE_PG_URL}. Set it to reach the primary
   * directly when {@code PULSE_PG_URL} goes through a pooler in transaction mode, where LISTEN cannot work.
   */
  private static Optional<PostgresUrl> listenUrl(Settings s, String pgUrl) {
    String listen = s.text(PG_LISTEN_URL, "");
    if (listen.isEmpty()) {
      return Optional.empty();
    }
    PostgresUrl url = PostgresUrl.parse(PG_LISTEN_URL, listen);
    if (pgUrl.isEmpty()) {
      throw new InvalidSettingException(PG_LISTEN_URL, "needs PULSE_PG_URL: the embedded PostgreSQL is listened to on its own URL");
    }
    return Optional.of(url);
  }

  /** Unset: /metrics and /health are served on the readers' port, as a single port is simplest to run. */
  private static Optional<Integer> opsPort(Settings s, int httpPort) {
    if (s.text(OPS_PORT, null) == null) {
      return Optional.empty();
    }
    int port = s.integer(OPS_PORT, 0, 1, 65535);
    if (port == httpPort) {
      throw new InvalidSettingException(OPS_PORT, port + " is PULSE_HTTP_PORT too; give metrics and health a port of their own");
    }
    return Optional.of(port);
  }

  private static List<AdminToken> adminTokens(Settings s) {
    List<AdminToken> tokens = new java.util.ArrayList<>();
    String plain = s.text(ADMIN_TOKEN, "");
    if (!plain.isEmpty()) {
      tokens.add(AdminToken.plain(ADMIN_TOKEN, plain));
    }
    s.list(ADMIN_TOKENS).forEach(entry -> tokens.add(AdminToken.hashed(ADMIN_TOKENS, entry)));
    return List.copyOf(tokens);
  }

  /** Unset: each page's absolute links are made from the address the request came to (see content/SiteAddress). */
  private static Optional<String> publicUrl(Settings s) {
    String raw = s.text(PUBLIC_URL, null);
    if (raw == null) {
      return Optional.empty();
    }
    String withoutSlash = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    return Optional.of(AllowedOrigin.normalise(withoutSlash).orElseThrow(() -> new InvalidSettingException(PUBLIC_URL,
        "'" + raw + "' is not a site address such as https://news.example.vn (a scheme and a host, no path)")));
  }

  public boolean dedupEnabled() {
    return !dedupWindow.isZero();
  }

}
