package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsCatalog;
import infra.monitoring.common.settings.SettingsSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExporterSettingsTest {
  @TempDir Path cwd;

  private ExporterSettings load(Map<String, String> env, String... args) {
    return ExporterSettings.load(args, env, cwd);
  }

  @Test
  void defaults() {
    ExporterSettings s = load(Map.of());
    assertThat(s.addr()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8000);
    assertThat(s.legacyNames()).isFalse();
    assertThat(s.staleAfterSec()).isEqualTo(30.0);
    assertThat(s.log().root()).isEqualTo(Path.of("logs"));
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void portPrefersTheNewNameAndAcceptsTheOriginals() {
    assertThat(load(Map.of("MONITORING_HTTP_PORT", "9100")).port()).isEqualTo(9100);
    assertThat(
            load(Map.of("MONITORING_HTTP_PORT", "9100", "MONITORING_EXPORTER_PORT", "9200")).port())
        .isEqualTo(9200);
    assertThat(load(Map.of(), "-p", "9300").port()).isEqualTo(9300);
    assertThat(load(Map.of(), "--addr=0.0.0.0").addr()).isEqualTo("0.0.0.0");
  }

  @Test
  void staleAfterDefaultsToThreeCollectorIntervalsButAtLeastThirtySeconds() {
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "5")).staleAfterSec()).isEqualTo(30.0);
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "20")).staleAfterSec()).isEqualTo(60.0);
    // The interval is the collector's to check: a bad one gives the plain default here.
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "abc")).staleAfterSec()).isEqualTo(30.0);
  }

  @Test
  void collectorOnlyMistakesDoNotStopTheExporterNorWarn() throws IOException {
    Files.writeString(
        cwd.resolve(".env"),
        "MONITORING_TREATMENT_COOLDOWN_FOO=1\nMONITORING_PROBE_TARGETS=bad_host!\n");
    ExporterSettings s =
        load(
            Map.of(
                "MONITORING_PATH_PROCFS", "/no/such/dir",
                "MONITORING_INTERVAL_SEC", "-1",
                "MONITORING_THRESHOLD_GPU_PERCENT_WARNING", "5",
                "MONITORING_METRIC_INTERVAL_CPU", "0",
                "LOGS_DURABLE_WRITES", "perhaps"));
    assertThat(s.port()).isEqualTo(8000);
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void unknownNamesAreWarnedAbout() {
    assertThat(load(Map.of("MONITORING_EXPORTER_PROT", "9000")).warnings())
        .containsExactly(
            "unknown setting MONITORING_EXPORTER_PROT (MONITORING_EXPORTER_PROT) is ignored");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(
            "MONITORING_LOG_LEVEL",
            "LOUD",
            "MONITORING_LOG_LEVEL: expected one of TRACE, DEBUG, INFO, WARNING, ERROR, got 'LOUD'"),
        bad(
            "MONITORING_EXPORTER_PORT",
            "70000",
            "MONITORING_EXPORTER_PORT: expected a port within 1..65535, got '70000'"),
        bad(
            "MONITORING_HTTP_PORT",
            "0",
            "MONITORING_HTTP_PORT: expected a port within 1..65535, got '0'"),
        bad(
            "MONITORING_EXPORTER_ADDR",
            " ",
            "MONITORING_EXPORTER_ADDR: expected an address such as 127.0.0.1 or 0.0.0.0, got ' '"),
        bad(
            "MONITORING_EXPORTER_LEGACY_NAMES",
            "maybe",
            "MONITORING_EXPORTER_LEGACY_NAMES: expected true or false (also 1/0, yes/no, on/off), got 'maybe'"),
        bad(
            "MONITORING_STALE_AFTER_SEC",
            "0",
            "MONITORING_STALE_AFTER_SEC: expected a number of seconds > 0, got '0'"),
        bad(
            "MONITORING_ENV_FILE",
            "/no/such.env",
            "MONITORING_ENV_FILE: no such file /no/such.env"));
  }

  private static Arguments bad(String key, String value, String message) {
    return Arguments.of(key, value, message);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void everyBadValueStopsStartUpWithOneLineNamingIt(String key, String value, String message) {
    assertThatThrownBy(() -> load(Map.of(key, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Test
  void badFlagsNameTheFlag() {
    assertThatThrownBy(() -> load(Map.of(), "--port", "x"))
        .hasMessage("-p/--port: expected a port within 1..65535, got 'x'");
    assertThatThrownBy(() -> load(Map.of(), "-i", "1"))
        .hasMessage("unknown option -i (see --help)");
  }

  @Test
  void webConfigAndMaxRequestsFromEnvironmentOrFlags() {
    ExporterSettings d = load(Map.of());
    assertThat(d.webConfig()).isNull();
    assertThat(d.maxRequests()).isEqualTo(40);
    ExporterSettings e =
        load(
            Map.of(
                "MONITORING_EXPORTER_WEB_CONFIG", "/etc/im/web.yml",
                "MONITORING_EXPORTER_MAX_REQUESTS", "8"));
    assertThat(e.webConfig()).isEqualTo(Path.of("/etc/im/web.yml"));
    assertThat(e.maxRequests()).isEqualTo(8);
    ExporterSettings f = load(Map.of(), "--web.config.file=w.yml", "--web.max-requests", "100");
    assertThat(f.webConfig()).isEqualTo(Path.of("w.yml"));
    assertThat(f.maxRequests()).isEqualTo(100);
  }

  @Test
  void aMaxRequestsOfZeroOrTooManyIsRefusedNamingIt() {
    assertThatThrownBy(() -> load(Map.of("MONITORING_EXPORTER_MAX_REQUESTS", "0")))
        .hasMessage(
            "MONITORING_EXPORTER_MAX_REQUESTS: expected a whole number within 1..1000, got '0'");
    assertThatThrownBy(() -> load(Map.of(), "--web.max-requests", "many"))
        .hasMessageStartingWith("--web.max-requests: expected a whole number within 1..1000");
  }

  @Test
  void exporterLinesOfTheSettingsCatalogAreWhatTheExporterReads() {
    SettingsSource s = SettingsSource.of(Map.of());
    ExporterSettings.load(s);
    Set<String> asked = new TreeSet<>(s.asked());
    asked.removeAll(SettingsCatalog.get().names("common"));
    asked.removeIf(k -> k.startsWith("-"));
    assertThat(SettingsCatalog.get().names("exporter"))
        .as("settings-catalog.txt should have these 'exporter' lines: %s", asked)
        .isEqualTo(asked);
  }

  @Test
  void theShippedEnvExampleLoadsWithoutWarning() throws IOException {
    Files.copy(Path.of("../.env.example"), cwd.resolve(".env"));
    assertThat(load(Map.of()).warnings()).isEmpty();
  }
}
