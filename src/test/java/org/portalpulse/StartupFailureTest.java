package org.portalpulse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.portalpulse.config.ConfigLoader;
import org.portalpulse.config.PulseConfig;
import org.portalpulse.support.PulseTestServer;
import org.portalpulse.support.TestPostgres;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Start-up fails fast with one line an operator can act on, and leaves nothing running")
class StartupFailureTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {PulseConfig.HTTP_PORT, PulseConfig.OPS_PORT})
  @DisplayName("A port already in use is refused, naming the setting that chose it")
  void portInUse(String setting) throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
      settings.put(setting, Integer.toString(taken.getLocalPort()));
      assertThatThrownBy(() -> PulseApplication.start(settings, Clock.systemUTC()))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("Invalid setting " + setting + ": cannot listen there")
          .satisfies(e -> assertThat(((StartupException) e).isSettingProblem()).isTrue());
    }
  }

  @Test
  @DisplayName("A PostgreSQL host that does not resolve is blamed on PULSE_PG_URL")
  void unknownDatabaseHost() {
    Map<String, String> settings = PulseTestServer.defaults("postgresql://postgres@no-such-host.invalid:5432/pulse");
    settings.put(PulseConfig.PG_WAIT, "0"); // one attempt: waiting for it is DatabaseStartTest's
    assertThatThrownBy(() -> PulseApplication.start(settings, Clock.systemUTC()))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("Invalid setting " + PulseConfig.PG_URL + ": unknown host")
        .hasMessageContaining("no-such-host.invalid")
        .satisfies(e -> assertThat(((StartupException) e).isSettingProblem()).isTrue());
  }

  @Test
  @DisplayName("A listen address that does not resolve is blamed on PULSE_HTTP_HOST")
  void unknownListenHost() {
    Map<String, String> settings = PulseTestServer.defaults(TestPostgres.newDatabaseUrl());
    settings.put(PulseConfig.HTTP_HOST, "no-such-host.invalid");
    assertThatThrownBy(() -> PulseApplication.start(settings, Clock.systemUTC()))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("Invalid setting " + PulseConfig.HTTP_HOST + ": unknown host")
        .hasMessageContaining("no-such-host.invalid")
        .satisfies(e -> assertThat(((StartupException) e).isSettingProblem()).isTrue());
  }

  @Test
  @DisplayName("A configuration file that is not valid JSON is refused, not silently skipped")
  void brokenConfigFile() throws Exception {
    Path file = Files.createTempFile("pulse", ".json");
    Files.writeString(file, "{ \"PULSE_HTTP_PORT\": 80");
    assertThatThrownBy(() -> PulseApplication.start(Map.of(ConfigLoader.CONFIG_FILE, file.toString()), Clock.systemUTC()))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("Invalid setting PULSE_CONFIG: " + file + " cannot be read");
  }

  @Test
  @DisplayName("A configuration file named but missing is refused")
  void missingConfigFile() {
    assertThatThrownBy(() -> PulseApplication.start(Map.of(ConfigLoader.CONFIG_FILE, "/nonexistent/pulse.json"), Clock.systemUTC()))
        .isInstanceOf(StartupException.class)
        .hasMessage("Invalid setting PULSE_CONFIG: no file at /nonexistent/pulse.json");
  }

  @Test
  @DisplayName("A bad value is refused before any database is touched")
  void badValue() {
    assertThatThrownBy(() -> PulseApplication.start(Map.of(PulseConfig.TIMEZONE, "Mars/Olympus"), Clock.systemUTC()))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("Invalid setting PULSE_TIMEZONE: 'Mars/Olympus' is not a time zone");
  }
}
