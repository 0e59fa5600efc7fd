package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTest {
  static final List<Flag> COLLECTOR_FLAGS =
      List.of(
          Flag.INTERVAL,
          Flag.CYCLES,
          Flag.DURATION,
          Flag.VERBOSE,
          Flag.LOG_ROOT,
          Flag.LOG_LEVEL,
          Flag.HELP);
  static final List<Flag> EXPORTER_FLAGS =
      List.of(Flag.ADDR, Flag.PORT, Flag.LOG_ROOT, Flag.LOG_LEVEL, Flag.HELP);

  @TempDir Path cwd;

  private Settings load(Map<String, String> env, String... args) {
    return Settings.load(args, env, COLLECTOR_FLAGS, cwd);
  }

  @Test
  void defaults() {
    Settings s = load(Map.of());
    assertThat(s.intervalSec()).isEqualTo(1.0);
    assertThat(s.cycles()).isZero();
    assertThat(s.duration()).isNull();
    assertThat(s.verbose()).isZero();
    assertThat(s.logLevel()).isEqualTo("INFO");
    assertThat(s.logRoot()).isEqualTo(Path.of("logs"));
    assertThat(s.stateDir()).isEqualTo(Path.of("logs", "state"));
    assertThat(s.exporterAddr()).isEqualTo("127.0.0.1");
    assertThat(s.exporterPort()).isEqualTo(8000);
    assertThat(s.staleAfterSec()).isEqualTo(30.0);
    assertThat(s.probeTargets()).isEmpty();
    assertThat(s.treatments()).isEqualTo(Settings.TreatmentMode.OFF);
    assertThat(s.networkTreatmentAllowedHour()).isNull();
    assertThat(s.durableWrites()).isTrue();
    assertThat(s.diskMount()).isEqualTo("/");
    assertThat(s.metricInterval("cpu")).isEqualTo(1.0);
    assertThat(s.metricInterval("temperature")).isEqualTo(30.0);
    assertThat(s.retentionDays()).isEqualTo(7);
    assertThat(s.retentionSafeDays()).isEqualTo(30);
    assertThat(s.thresholds().level(Metric.CPU_PERCENT))
        .isEqualTo(new Thresholds.Level(75.0, 90.0));
    assertThat(s.thresholds().level(Metric.MEMORY_USED_BYTES)).isNull();
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void precedenceIsDefaultsThenEnvFileThenEnvironmentThenFlags() throws IOException {
    Files.writeString(cwd.resolve(".env"), "MONITORING_INTERVAL_SEC=2\nMONITORING_CYCLES=7\n");
    assertThat(load(Map.of()).intervalSec()).isEqualTo(2.0);
    assertThat(load(Map.of()).cycles()).isEqualTo(7);
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "3")).intervalSec()).isEqualTo(3.0);
    Settings s = load(Map.of("MONITORING_INTERVAL_SEC", "3"), "-i", "4");
    assertThat(s.intervalSec()).isEqualTo(4.0);
    assertThat(s.cycles()).isEqualTo(7);
    // An explicit flag equal to the default still wins (the original treated it as "not given").
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "3"), "--interval=1").intervalSec())
        .isEqualTo(1.0);
  }

  @Test
  void envFileCanBeNamedAndItsOriginIsReported() throws IOException {
    Path f = cwd.resolve("custom.env");
    Files.writeString(f, "MONITORING_THRESHOLD_CPU_PERCENT_WARNING=20\nMONITORING_CYCLES=x\n");
    assertThatThrownBy(() -> load(Map.of("MONITORING_ENV_FILE", f.toString())))
        .hasMessage(
            "MONITORING_CYCLES (from "
                + f
                + "): expected a whole number ≥ 0 (0 = forever), got 'x'");
    Files.writeString(f, "MONITORING_THRESHOLD_CPU_PERCENT_WARNING=20\n");
    assertThat(
            load(Map.of("MONITORING_ENV_FILE", f.toString()))
                .thresholds()
                .level(Metric.CPU_PERCENT))
        .isEqualTo(new Thresholds.Level(20.0, 90.0));
  }

  @Test
  void flagsCoverEveryForm() {
    Settings s =
        load(Map.of(), "-i", "0.5", "-c", "2", "-vv", "--log-root", "/tmp/x", "--log-level=debug");
    assertThat(s.intervalSec()).isEqualTo(0.5);
    assertThat(s.cycles()).isEqualTo(2);
    assertThat(s.verbose()).isEqualTo(2);
    assertThat(s.logRoot()).isEqualTo(Path.of("/tmp/x"));
    assertThat(s.logLevel()).isEqualTo("DEBUG");
    assertThat(load(Map.of("MONITORING_VERBOSE", "2"), "-v").verbose()).isEqualTo(1);
    assertThat(load(Map.of(), "-v", "-v").verbose()).isEqualTo(2);
    assertThat(load(Map.of(), "--help").help()).isTrue();
    assertThat(load(Map.of(), "--duration", "1h30m").duration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(load(Map.of(), "--duration", "90").duration()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void timeCycleModeGivesAWallClockDuration() {
    Settings s = load(Map.of("MONITORING_CYCLE_MODE", "time", "MONITORING_CYCLE_TIME_MIN", "5"));
    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.cycles()).isZero();
    assertThat(load(Map.of("MONITORING_CYCLE_TIME_MIN", "5")).duration()).isNull();
  }

  @Test
  void exporterPortPrefersTheNewNameAndAcceptsTheOriginals() {
    assertThat(
            Settings.load(
                    new String[0], Map.of("MONITORING_HTTP_PORT", "9100"), EXPORTER_FLAGS, cwd)
                .exporterPort())
        .isEqualTo(9100);
    assertThat(
            Settings.load(
                    new String[0],
                    Map.of("MONITORING_HTTP_PORT", "9100", "MONITORING_EXPORTER_PORT", "9200"),
                    EXPORTER_FLAGS,
                    cwd)
                .exporterPort())
        .isEqualTo(9200);
    assertThat(
            Settings.load(new String[] {"-p", "9300"}, Map.of(), EXPORTER_FLAGS, cwd)
                .exporterPort())
        .isEqualTo(9300);
  }

  @Test
  void staleAfterDefaultsToThreeIntervalsButAtLeastThirtySeconds() {
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "5")).staleAfterSec()).isEqualTo(30.0);
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "20")).staleAfterSec()).isEqualTo(60.0);
  }

  @Test
  void thresholdOverridesAliasesAndByteThresholds() {
    Map<String, String> env = new HashMap<>();
    env.put("MONITORING_THRESHOLD_CPU_PERCENT_CRITICAL", "88");
    env.put("MONITORING_THRESHOLD_MEMORY_USED_BYTES_WARNING", "8e9");
    env.put("MONITORING_THRESHOLD_MEMORY_USED_BYTES_CRIT", "1.6e10");
    env.put("MONITORING_THRESHOLD_TEMPERATURE_CELSIUS_WARNING", "60");
    env.put("MONITORING_THRESHOLD_NETWORK_LOSS_PERCENT_CRITICAL", "10");
    env.put("MONITORING_THRESHOLD_LATENCY_MS_WARNING", "150");
    env.put("MONITORING_THRESHOLD_NETWORK_LATENCY_MS_WARNING", "120");
    Thresholds t = load(env).thresholds();
    assertThat(t.level(Metric.CPU_PERCENT)).isEqualTo(new Thresholds.Level(75.0, 88.0));
    assertThat(t.level(Metric.MEMORY_USED_BYTES)).isEqualTo(new Thresholds.Level(8e9, 1.6e10));
    assertThat(t.level(Metric.TEMPERATURE)).isEqualTo(new Thresholds.Level(60.0, 85.0));
    assertThat(t.level(Metric.PING_LOSS_PERCENT)).isEqualTo(new Thresholds.Level(2.0, 10.0));
    // The metric's own name wins over the original's alias.
    assertThat(t.level(Metric.LATENCY_MS)).isEqualTo(new Thresholds.Level(150.0, 250.0));
    // One bad override no longer throws the others away: it stops start-up instead (below).
  }

  @Test
  void treatmentSettingsAndTheOriginalsCooldownNames() {
    Settings s =
        load(
            Map.of(
                "MONITORING_TREATMENTS", "dry-run",
                "MONITORING_TREATMENT_COOLDOWN_REAP_ZOMBIE", "60",
                "MONITORING_TREATMENT_COOLDOWN_CHECK_DISK_USAGE", "0",
                "NETWORK_TREATMENT_ALLOWED_HOUR", "03",
                "MONITORING_SUSTAINED_CRIT_SEC", "120",
                "MONITORING_NETWORK_COMMANDS", "resolvectl flush-caches; nmcli networking on"));
    assertThat(s.treatments()).isEqualTo(Settings.TreatmentMode.DRY_RUN);
    assertThat(s.cooldowns()).containsEntry("reap_zombie_processes", 60L);
    assertThat(s.cooldowns()).containsEntry("check_disk_usage", 0L);
    assertThat(s.cooldowns()).containsEntry("reapply_network_config", 1800L);
    assertThat(s.networkTreatmentAllowedHour()).isEqualTo(3);
    assertThat(s.sustainedCritSeconds()).isEqualTo(120);
    assertThat(s.networkCommands())
        .containsExactly("resolvectl flush-caches", "nmcli networking on");
    assertThat(load(Map.of("NETWORK_TREATMENT_ALLOWED_HOUR", "NONE")).networkTreatmentAllowedHour())
        .isNull();
  }

  @Test
  void probeTargetsParse() {
    Settings s = load(Map.of("MONITORING_PROBE_TARGETS", "127.0.0.1:8000, localhost [::1]:9000"));
    assertThat(s.probeTargets())
        .containsExactly(
            new ProbeTarget("127.0.0.1", 8000),
            new ProbeTarget("localhost", ProbeTarget.DEFAULT_PORT),
            new ProbeTarget("::1", 9000));
    assertThat(s.probeTargets().get(2).label()).isEqualTo("[::1]:9000");
  }

  @Test
  void hostPathsMustExist() throws IOException {
    Path proc = Files.createDirectory(cwd.resolve("proc"));
    assertThat(load(Map.of("MONITORING_PATH_PROCFS", proc.toString())).procfs()).isEqualTo(proc);
  }

  @Test
  void unknownMonitoringNamesAreWarnedAbout() throws IOException {
    Files.writeString(cwd.resolve(".env"), "MONITORING_INTERVALL_SEC=2\n");
    Settings s =
        load(Map.of("MONITORING_TYPO", "1", "MONITORING_EXPORTER_ENABLE", "1", "PATH", "/bin"));
    assertThat(s.warnings())
        .containsExactlyInAnyOrder(
            "MONITORING_EXPORTER_ENABLE is ignored: the exporter is its own process (java -jar exporter.jar)",
            "unknown setting MONITORING_INTERVALL_SEC (MONITORING_INTERVALL_SEC (from "
                + cwd.resolve(".env")
                + ")) is ignored",
            "unknown setting MONITORING_TYPO (MONITORING_TYPO) is ignored");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(
            "MONITORING_INTERVAL_SEC",
            "abc",
            "MONITORING_INTERVAL_SEC: expected a number of seconds > 0, got 'abc'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "-1",
            "MONITORING_INTERVAL_SEC: expected a number of seconds > 0, got '-1'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "0",
            "MONITORING_INTERVAL_SEC: expected a number of seconds > 0, got '0'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "NaN",
            "MONITORING_INTERVAL_SEC: expected a number of seconds > 0, got 'NaN'"),
        bad(
            "MONITORING_CYCLES",
            "-2",
            "MONITORING_CYCLES: expected a whole number ≥ 0 (0 = forever), got '-2'"),
        bad(
            "MONITORING_CYCLES",
            "1.5",
            "MONITORING_CYCLES: expected a whole number ≥ 0 (0 = forever), got '1.5'"),
        bad(
            "MONITORING_CYCLE_MODE",
            "weekly",
            "MONITORING_CYCLE_MODE: expected cycles or time, got 'weekly'"),
        bad(
            "MONITORING_VERBOSE",
            "loud",
            "MONITORING_VERBOSE: expected a whole number ≥ 0, got 'loud'"),
        bad(
            "MONITORING_LOG_LEVEL",
            "LOUD",
            "MONITORING_LOG_LEVEL: expected one of TRACE, DEBUG, INFO, WARNING, ERROR, got 'LOUD'"),
        bad(
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING",
            "high",
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING: expected a number, got 'high'"),
        bad(
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING",
            "120",
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING: expected a percentage within 0..100, got '120'"),
        bad(
            "MONITORING_THRESHOLD_DISK_PERCENT_CRITICAL",
            "-5",
            "MONITORING_THRESHOLD_DISK_PERCENT_CRITICAL: expected a percentage within 0..100, got '-5'"),
        bad(
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING",
            "95",
            "MONITORING_THRESHOLD_CPU_PERCENT_WARNING (with the default of the other level): expected warning < critical for cpu_percent, got 95.0 ≥ 90.0"),
        bad(
            "MONITORING_THRESHOLD_GPU_PERCENT_WARNING",
            "5",
            "MONITORING_THRESHOLD_GPU_PERCENT_WARNING: no such metric 'gpu_percent'; thresholds exist for the numeric keys of the record, for example CPU_PERCENT"),
        bad(
            "MONITORING_SUSTAINED_CRIT_SECONDS",
            "-1",
            "MONITORING_SUSTAINED_CRIT_SECONDS: expected seconds ≥ 0, got '-1'"),
        bad(
            "MONITORING_MIN_CRITICAL_ALERTS",
            "0",
            "MONITORING_MIN_CRITICAL_ALERTS: expected a whole number within 1..1000, got '0'"),
        bad(
            "MONITORING_CLEANUP_TEMP_AGE_DAYS",
            "0",
            "MONITORING_CLEANUP_TEMP_AGE_DAYS: expected a whole number within 1..36500, got '0'"),
        bad(
            "MONITORING_TREATMENTS",
            "maybe",
            "MONITORING_TREATMENTS: expected off, dry-run or on, got 'maybe'"),
        bad(
            "MONITORING_POST_TREATMENT_WAIT_SEC",
            "-3",
            "MONITORING_POST_TREATMENT_WAIT_SEC: expected seconds ≥ 0, got '-3'"),
        bad(
            "MONITORING_TREATMENT_COOLDOWN_REAP_ZOMBIE",
            "-5",
            "MONITORING_TREATMENT_COOLDOWN_REAP_ZOMBIE: expected seconds ≥ 0, got '-5'"),
        bad(
            "MONITORING_TREATMENT_COOLDOWN_REBOOT",
            "5",
            "MONITORING_TREATMENT_COOLDOWN_REBOOT: no such treatment action 'reboot'; expected one of CHECK_DISK_USAGE, CLEANUP_TEMP_FILES, REAP_ZOMBIE_PROCESSES, TRIM_PROCESS_WORKING_SET, REAPPLY_NETWORK_CONFIG"),
        bad(
            "NETWORK_TREATMENT_ALLOWED_HOUR",
            "24",
            "NETWORK_TREATMENT_ALLOWED_HOUR: expected a local hour 00..23, or NONE, got '24'"),
        bad(
            "MONITORING_ROTATE_INTERVAL_SEC",
            "0",
            "MONITORING_ROTATE_INTERVAL_SEC: expected a whole number within 1..9223372036854775, got '0'"),
        bad(
            "MONITORING_HOURLY_INTERVAL_SEC",
            "hourly",
            "MONITORING_HOURLY_INTERVAL_SEC: expected a whole number within 1..9223372036854775, got 'hourly'"),
        bad(
            "MONITORING_RETENTION_DAYS",
            "0",
            "MONITORING_RETENTION_DAYS: expected a whole number within 1..36500, got '0'"),
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
            "LOGS_DURABLE_WRITES",
            "perhaps",
            "LOGS_DURABLE_WRITES: expected true or false (also 1/0, yes/no, on/off), got 'perhaps'"),
        bad(
            "MONITORING_NETWORK_TIMEOUT",
            "0",
            "MONITORING_NETWORK_TIMEOUT: expected a number of seconds > 0, got '0'"),
        bad(
            "MONITORING_PROBE_TARGETS",
            "127.0.0.1:0",
            "MONITORING_PROBE_TARGETS: expected a comma-separated list of host[:port] (port 1..65535, IPv6 as [addr]:port), got '127.0.0.1:0'"),
        bad(
            "MONITORING_PROBE_TARGETS",
            "good.host,bad_host!",
            "MONITORING_PROBE_TARGETS: expected a comma-separated list of host[:port] (port 1..65535, IPv6 as [addr]:port), got 'bad_host!'"),
        bad(
            "MONITORING_PROBE_TARGETS",
            "::1",
            "MONITORING_PROBE_TARGETS: expected a comma-separated list of host[:port] (port 1..65535, IPv6 as [addr]:port), got '::1'"),
        bad(
            "MONITORING_PATH_PROCFS",
            "/no/such/dir",
            "MONITORING_PATH_PROCFS: expected an existing directory (the host's mount), got '/no/such/dir'"),
        bad(
            "MONITORING_DISK_MOUNT",
            "data",
            "MONITORING_DISK_MOUNT: expected an absolute mount point such as /, got 'data'"),
        bad(
            "MONITORING_METRIC_INTERVAL_CPU",
            "0",
            "MONITORING_METRIC_INTERVAL_CPU: expected a number of seconds > 0, got '0'"),
        bad(
            "MONITORING_METRIC_INTERVAL_GPU",
            "1",
            "MONITORING_METRIC_INTERVAL_GPU: no such source 'gpu'; expected one of CPU, MEMORY, DISK, NETWORK, PING, LATENCY, TEMPERATURE, SELF"),
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
    assertThat(message).doesNotContain("\n");
  }

  @Test
  void warningNotBelowCriticalNamesBothVariables() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "MONITORING_THRESHOLD_PING_MS_WARNING", "300",
                        "MONITORING_THRESHOLD_PING_MS_CRITICAL", "300")))
        .hasMessage(
            "MONITORING_THRESHOLD_PING_MS_WARNING and MONITORING_THRESHOLD_PING_MS_CRITICAL:"
                + " expected warning < critical for ping_ms, got 300.0 ≥ 300.0");
  }

  @Test
  void badFlagsNameTheFlag() {
    assertThatThrownBy(() -> load(Map.of(), "-i", "-1"))
        .hasMessage("-i/--interval: expected a number of seconds > 0, got '-1'");
    assertThatThrownBy(() -> load(Map.of(), "--cycles=x"))
        .hasMessage("-c/--cycles: expected a whole number ≥ 0 (0 = forever), got 'x'");
    assertThatThrownBy(() -> load(Map.of(), "--duration", "soon"))
        .hasMessage(
            "--duration: expected a duration > 0 such as 90, 90s, 5m, 2h or 1h30m, got 'soon'");
    assertThatThrownBy(() -> load(Map.of(), "--bogus"))
        .hasMessage("unknown option --bogus (see --help)");
    assertThatThrownBy(() -> load(Map.of(), "-i")).hasMessage("-i/--interval: expected a value");
    assertThatThrownBy(
            () -> Settings.load(new String[] {"--port", "x"}, Map.of(), EXPORTER_FLAGS, cwd))
        .hasMessage("-p/--port: expected a port within 1..65535, got 'x'");
  }

  @Test
  void usageListsTheFlags() {
    String u = Settings.usage("collector", "[options]", COLLECTOR_FLAGS);
    assertThat(u)
        .contains("-i/--interval VALUE")
        .contains("--duration VALUE")
        .contains("-h/--help");
  }
}
