package org.portalpulse.config;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Configuration: sensible defaults, and one clear line for a bad setting")
class PulseConfigTest {

  @Test
  @DisplayName("Nothing configured gives the documented defaults")
  void defaults() {
    PulseConfig config = PulseConfig.from(new JsonObject());
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.postgresUrl()).isEmpty();
    assertThat(config.databaseWait()).as("how long start-up waits for PostgreSQL").isEqualTo(Duration.ofSeconds(60));
    assertThat(config.dataDir().getFileName().toString()).isEqualTo("data");
    assertThat(config.dedupWindow()).isEqualTo(Duration.ofSeconds(600));
    assertThat(config.trustedProxies()).isEmpty();
    assertThat(config.timezone()).isEqualTo(ZoneId.of("Asia/Ho_Chi_Minh"));
    assertThat(config.weekStart()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.siteLegacyViews()).isEmpty();
    assertThat(config.countViews()).isTrue();
    assertThat(config.opsPort()).as("metrics and health on the readers' port").isEmpty();
    assertThat(PulseConfig.from(new JsonObject().put("PULSE_OPS_PORT", "9091")).opsPort()).contains(9091);
  }

  @Test
  @DisplayName("Values arrive as strings from the environment and are parsed")
  void parsesStrings() {
    PulseConfig config = PulseConfig.from(new JsonObject()
        .put("PULSE_HTTP_PORT", "9090")
        .put("PULSE_DEDUP_WINDOW", "0")
        .put("PULSE_TRUSTED_PROXIES", "10.0.0.1, ::1")
        .put("PULSE_TIMEZONE", "Europe/Berlin")
        .put("PULSE_WEEK_START", "sunday")
        .put("PULSE_PG_URL", "postgresql://u:p%40ss@db.example:6543/pulse"));
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.dedupEnabled()).isFalse();
    assertThat(config.trustedProxies()).containsExactly("10.0.0.1", "::1");
    assertThat(config.weekStart()).isEqualTo(DayOfWeek.SUNDAY);
    PostgresUrl url = config.postgresUrl().orElseThrow();
    assertThat(url).isEqualTo(new PostgresUrl("db.example", 6543, "pulse", "u", "p@ss"));
    assertThat(url.toString()).doesNotContain("p@ss");
    assertThat(config.listenUrl()).as("notifications on the same URL unless told").isEmpty();
  }

  @Test
  @DisplayName("PULSE_PG_LISTEN_URL: notifications heard elsewhere than the pooled statements go, and only beside PULSE_PG_URL")
  void listenUrl() {
    PulseConfig config = PulseConfig.from(new JsonObject()
        .put("PULSE_PG_URL", "postgresql://u:p@pgbouncer.internal:6432/pulse")
        .put("PULSE_PG_LISTEN_URL", "postgresql://u:p@db.internal:5432/pulse"));
    assertThat(config.listenUrl()).contains(new PostgresUrl("db.internal", 5432, "pulse", "u", "p"));
    assertThatThrownBy(() -> PulseConfig.from(new JsonObject().put("PULSE_PG_LISTEN_URL", "postgresql://u:p@db.internal/pulse")))
        .hasMessageContaining("PULSE_PG_LISTEN_URL: needs PULSE_PG_URL");
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "https://news.example.vn, https://news.example.vn",
      "https://News.Example.VN/, https://news.example.vn",
      "https://news.example.vn:443, https://news.example.vn",
      "http://127.0.0.1:8080/, http://127.0.0.1:8080",
  })
  @DisplayName("PULSE_PUBLIC_URL is kept as an origin in one spelling, a trailing slash allowed")
  void publicUrl(String setting, String origin) {
    assertThat(PulseConfig.from(new JsonObject().put(PulseConfig.PUBLIC_URL, setting)).publicUrl()).contains(origin);
    assertThat(PulseConfig.from(new JsonObject()).publicUrl()).as("unset").isEmpty();
  }

  @Test
  @DisplayName("A '+' in a password stays a '+'")
  void plusInPassword() {
    assertThat(PostgresUrl.parse("postgresql://pulse:a+b%2Fc@localhost/pulse").password()).isEqualTo("a+b/c");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "PULSE_HTTP_PORT|eighty|PULSE_HTTP_PORT: 'eighty' is not a whole number",
      "PULSE_HTTP_PORT|70000|PULSE_HTTP_PORT: 70000 is out of range, expected 0 to 65535",
      "PULSE_DEDUP_WINDOW|-5|PULSE_DEDUP_WINDOW: -5 is out of range, expected 0 to 86400",
      "PULSE_TIMEZONE|Mars/Olympus|PULSE_TIMEZONE: 'Mars/Olympus' is not a time zone",
      "PULSE_WEEK_START|Funday|PULSE_WEEK_START: 'Funday' is not a day of the week",
      "PULSE_TRUSTED_PROXIES|proxy.local|PULSE_TRUSTED_PROXIES: 'proxy.local' is not an IP address",
      "PULSE_PG_URL|mysql://x@y/z|PULSE_PG_URL: expected postgresql://user:pass@host:port/db",
      "PULSE_PG_URL|postgresql://u:secret@host|PULSE_PG_URL: the URL names no database",
      "PULSE_PG_URL|postgresql://u:secret@host:99999/db|PULSE_PG_URL: port 99999 is out of range",
      "PULSE_PG_LISTEN_URL|mysql://x@y/z|PULSE_PG_LISTEN_URL: expected postgresql://user:pass@host:port/db",
      "PULSE_COUNT_VIEWS|maybe|PULSE_COUNT_VIEWS: 'maybe' is not true or false",
      "PULSE_LEGACY_TOTAL|-5|PULSE_LEGACY_TOTAL: -5 is out of range, expected 0 to",
      "PULSE_PUSH_INTERVAL_MS|20|PULSE_PUSH_INTERVAL_MS: 20 is out of range, expected 100 to 10000",
      "PULSE_WS_ALLOWED_ORIGINS|news.example.vn|PULSE_WS_ALLOWED_ORIGINS: 'news.example.vn' is not an origin",
      "PULSE_WS_ALLOWED_ORIGINS|https://news.example.vn/path|PULSE_WS_ALLOWED_ORIGINS: 'https://news.example.vn/path' is not an origin",
      "PULSE_WS_MAX_PER_ADDRESS|0|PULSE_WS_MAX_PER_ADDRESS: 0 is out of range, expected 1 to",
      "PULSE_OPS_PORT|8080|PULSE_OPS_PORT: 8080 is PULSE_HTTP_PORT too",
      "PULSE_OPS_PORT|0|PULSE_OPS_PORT: 0 is out of range, expected 1 to 65535",
      "PULSE_ADMIN_TOKEN|secret-short|PULSE_ADMIN_TOKEN: a token must be at least 16",
      "PULSE_ADMIN_TOKEN|secret!secret!secret!|PULSE_ADMIN_TOKEN: a token must be at least 16",
      "PULSE_ADMIN_TOKENS|ops:secretnothex|PULSE_ADMIN_TOKENS: 'ops:…' is not name:sha256hex",
      "PULSE_ADMIN_TOKENS|secretnoname|PULSE_ADMIN_TOKENS: an entry without a name is not name:sha256hex",
      "PULSE_PUBLIC_URL|news.example.vn|PULSE_PUBLIC_URL: 'news.example.vn' is not a site address such as https://news.example.vn",
      "PULSE_PUBLIC_URL|ftp://news.example.vn|PULSE_PUBLIC_URL: 'ftp://news.example.vn' is not a site address",
      "PULSE_PUBLIC_URL|https://news.example.vn/tin-tuc|PULSE_PUBLIC_URL: 'https://news.example.vn/tin-tuc' is not a site address",
      "PULSE_PUBLIC_URL|https://news.example.vn/?a=1|PULSE_PUBLIC_URL: 'https://news.example.vn/?a=1' is not a site address",
  })
  @DisplayName("A bad setting is refused with its name and what is wrong")
  void badSettings(String name, String value, String message) {
    assertThatThrownBy(() -> PulseConfig.from(new JsonObject().put(name, value)))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageStartingWith(message)
        .hasMessageNotContaining("secret");
  }
}
