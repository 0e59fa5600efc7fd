package infra.monitoring.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.LogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsSourceTest {
  static final Flag COUNT = new Flag("-c", "--count", "MONITORING_COUNT", true, "a count");
  static final Flag VERBOSE = new Flag("-v", "--verbose", "MONITORING_VERBOSE", false, "louder");
  static final Flag DRY = new Flag(null, "--dry", "MONITORING_DRY", false, "a switch");
  static final List<Flag> FLAGS = List.of(COUNT, VERBOSE, DRY, LogSettings.LOG_ROOT, Flag.HELP);

  @TempDir Path cwd;

  private SettingsSource load(Map<String, String> env, String... args) {
    return SettingsSource.load(args, env, FLAGS, cwd);
  }

  private static long count(SettingsSource s) {
    return s.nonNegativeLong("MONITORING_COUNT", 0, "a whole number ≥ 0");
  }

  @Test
  void precedenceIsDefaultsThenEnvFileThenEnvironmentThenFlags() throws IOException {
    assertThat(count(load(Map.of()))).isZero();
    Files.writeString(cwd.resolve(".env"), "MONITORING_COUNT=2\nMONITORING_LOG_ROOT=/from-file\n");
    assertThat(count(load(Map.of()))).isEqualTo(2);
    assertThat(count(load(Map.of("MONITORING_COUNT", "3")))).isEqualTo(3);
    SettingsSource s = load(Map.of("MONITORING_COUNT", "3"), "-c", "4");
    assertThat(count(s)).isEqualTo(4);
    assertThat(LogSettings.load(s).root()).isEqualTo(Path.of("/from-file"));
    // An explicit flag equal to the default still wins (the original treated it as "not given").
    assertThat(count(load(Map.of("MONITORING_COUNT", "3"), "--count=0"))).isZero();
  }

  @Test
  void aNamedEnvFileIsReadAndNamedInMessages() throws IOException {
    Path f = cwd.resolve("custom.env");
    Files.writeString(f, "MONITORING_COUNT=x\n");
    SettingsSource s = load(Map.of("MONITORING_ENV_FILE", f.toString()));
    assertThatThrownBy(() -> count(s))
        .isInstanceOf(ConfigException.class)
        .hasMessage("MONITORING_COUNT (from " + f + "): expected a whole number ≥ 0, got 'x'");
    assertThatThrownBy(() -> load(Map.of("MONITORING_ENV_FILE", "/no/such.env")))
        .hasMessage("MONITORING_ENV_FILE: no such file /no/such.env");
  }

  @Test
  void flagsCoverEveryForm() {
    SettingsSource s =
        load(Map.of("MONITORING_VERBOSE", "5"), "-c", "2", "-vv", "--dry", "x", "--", "-y");
    assertThat(count(s)).isEqualTo(2);
    assertThat(s.text("MONITORING_VERBOSE", "0")).isEqualTo("2");
    assertThat(s.bool("MONITORING_DRY", false)).isTrue();
    assertThat(s.positional()).containsExactly("x", "-y");
    assertThat(load(Map.of(), "-v", "-v").text("MONITORING_VERBOSE", "0")).isEqualTo("2");
    assertThat(load(Map.of(), "--help").helpRequested()).isTrue();
    assertThat(load(Map.of()).helpRequested()).isFalse();
  }

  @Test
  void badFlagsNameTheFlag() {
    assertThatThrownBy(() -> count(load(Map.of(), "--count=x")))
        .hasMessage("-c/--count: expected a whole number ≥ 0, got 'x'");
    assertThatThrownBy(() -> load(Map.of(), "--bogus"))
        .hasMessage("unknown option --bogus (see --help)");
    assertThatThrownBy(() -> load(Map.of(), "-c")).hasMessage("-c/--count: expected a value");
    assertThatThrownBy(() -> load(Map.of(), "--dry=yes")).hasMessage("--dry: takes no value");
    assertThatThrownBy(() -> SettingsSource.load(new String[] {"-v"}, Map.of(), List.of(), cwd))
        .hasMessage("unknown option -v (see --help)");
  }

  @Test
  void durationsTakeUnitsAndRefuseNonsense() {
    assertThat(SettingsReader.parseDuration("1h30m", "x")).isEqualTo(Duration.ofMinutes(90));
    assertThat(SettingsReader.parseDuration("90", "x")).isEqualTo(Duration.ofSeconds(90));
    assertThat(SettingsReader.parseDuration("250ms", "x")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> SettingsReader.parseDuration("soon", "--duration"))
        .hasMessage(
            "--duration: expected a duration > 0 such as 90, 90s, 5m, 2h or 1h30m, got 'soon'");
    assertThatThrownBy(() -> SettingsReader.parseDuration("0s", "--duration"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void unreadNamesThatNoProcessKnowsAreWarnedAboutAndTheOthersAreNot() throws IOException {
    Files.writeString(
        cwd.resolve(".env"), "MONITORING_INTERVALL_SEC=2\nMONITORING_INTERVAL_SEC=1\n");
    SettingsSource s =
        load(
            Map.of(
                "MONITORING_TYPO", "1",
                "MONITORING_THRESHOLD_CPU_PERCENT_WARNING", "50",
                "MONITORING_COUNT", "1",
                "PATH", "/bin"));
    count(s);
    assertThat(s.unused())
        .containsOnlyKeys(
            "MONITORING_INTERVALL_SEC",
            "MONITORING_INTERVAL_SEC",
            "MONITORING_TYPO",
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING");
    // The interval and the threshold belong to the collector (settings-catalog.txt): no warning.
    assertThat(s.unknownNameWarnings())
        .containsExactlyInAnyOrder(
            "unknown setting MONITORING_INTERVALL_SEC (MONITORING_INTERVALL_SEC (from "
                + cwd.resolve(".env")
                + ")) is ignored",
            "unknown setting MONITORING_TYPO (MONITORING_TYPO) is ignored");
  }

  @Test
  void keyFamiliesAreFoundByGlobAndRecordedAsAsked() {
    SettingsSource s =
        SettingsSource.of(
            Map.of(
                "MONITORING_THRESHOLD_CPU_PERCENT_WARNING", "1",
                "MONITORING_THRESHOLD_X_CRITICAL", "2",
                "MONITORING_THRESHOLD_WARNING", "3"));
    assertThat(s.keysMatching("MONITORING_THRESHOLD_*_WARNING"))
        .containsExactly("MONITORING_THRESHOLD_CPU_PERCENT_WARNING");
    // Matching does not read: the names stay unused until an area reads them.
    assertThat(s.unused()).hasSize(3);
    s.text("MONITORING_THRESHOLD_CPU_PERCENT_WARNING", null);
    assertThat(s.unused()).hasSize(2);
    assertThat(s.asked())
        .containsExactlyInAnyOrder(
            "MONITORING_THRESHOLD_*_WARNING", "MONITORING_THRESHOLD_CPU_PERCENT_WARNING");
  }

  @Test
  void aCollectorOnlyNameCanBePeekedWithoutCheckingIt() {
    SettingsSource s = SettingsSource.of(Map.of("MONITORING_INTERVAL_SEC", "abc", "A", "5"));
    assertThat(s.peekNumber("MONITORING_INTERVAL_SEC")).isNull();
    assertThat(s.peekNumber("A")).isEqualTo(5.0);
    assertThat(s.peekNumber("B")).isNull();
    assertThat(s.unused()).containsOnlyKeys("MONITORING_INTERVAL_SEC");
  }

  @Test
  void usageListsTheFlags() {
    assertThat(SettingsSource.usage("prog", "[options]", FLAGS))
        .startsWith("usage: prog [options]")
        .contains("-c/--count VALUE")
        .contains("--dry ")
        .contains("-h/--help");
  }
}
