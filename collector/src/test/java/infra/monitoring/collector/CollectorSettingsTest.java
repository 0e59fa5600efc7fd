package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.collector.source.ProbeTarget;
import infra.monitoring.collector.treatment.TreatmentSettings;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsCatalog;
import infra.monitoring.common.settings.SettingsSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CollectorSettingsTest {
  @TempDir Path cwd;

  private CollectorSettings load(Map<String, String> env, String... args) {
    return CollectorSettings.load(args, env, cwd);
  }

  @Test
  void defaults() {
    CollectorSettings s = load(Map.of());
    assertThat(s.run().intervalSec()).isEqualTo(1.0);
    assertThat(s.run().cycles()).isZero();
    assertThat(s.run().duration()).isNull();
    assertThat(s.run().verbose()).isZero();
    assertThat(s.log().level()).isEqualTo("INFO");
    assertThat(s.log().root()).isEqualTo(Path.of("logs"));
    assertThat(s.run().stateDir()).isEqualTo(Path.of("logs", "state"));
    assertThat(s.run().durableWrites()).isTrue();
    assertThat(s.probes().targets()).isEmpty();
    assertThat(s.treatments().mode()).isEqualTo(TreatmentSettings.Mode.OFF);
    assertThat(s.treatments().networkAllowedHour()).isNull();
    assertThat(s.sources().diskMount()).isEqualTo("/");
    assertThat(s.sources().interval("cpu")).isEqualTo(1.0);
    assertThat(s.sources().interval("temperature")).isEqualTo(30.0);
    assertThat(s.retention().days()).isEqualTo(7);
    assertThat(s.retention().safeDays()).isEqualTo(30);
    assertThat(s.thresholds().level(CpuMetric.CPU_PERCENT))
        .isEqualTo(new Thresholds.Level(75.0, 90.0));
    assertThat(s.thresholds().level(MemoryMetric.MEMORY_USED_BYTES)).isNull();
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void precedenceIsDefaultsThenEnvFileThenEnvironmentThenFlags() throws IOException {
    Files.writeString(cwd.resolve(".env"), "MONITORING_INTERVAL_SEC=2\nMONITORING_CYCLES=7\n");
    assertThat(load(Map.of()).run().intervalSec()).isEqualTo(2.0);
    assertThat(load(Map.of()).run().cycles()).isEqualTo(7);
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "3")).run().intervalSec()).isEqualTo(3.0);
    CollectorSettings s = load(Map.of("MONITORING_INTERVAL_SEC", "3"), "-i", "4");
    assertThat(s.run().intervalSec()).isEqualTo(4.0);
    assertThat(s.run().cycles()).isEqualTo(7);
    assertThat(load(Map.of("MONITORING_INTERVAL_SEC", "3"), "--interval=1").run().intervalSec())
        .isEqualTo(1.0);
  }

  @Test
  void flagsCoverEveryForm() {
    CollectorSettings s =
        load(Map.of(), "-i", "0.5", "-c", "2", "-vv", "--log-root", "/tmp/x", "--log-level=debug");
    assertThat(s.run().intervalSec()).isEqualTo(0.5);
    assertThat(s.run().cycles()).isEqualTo(2);
    assertThat(s.run().verbose()).isEqualTo(2);
    assertThat(s.log().root()).isEqualTo(Path.of("/tmp/x"));
    assertThat(s.log().level()).isEqualTo("DEBUG");
    assertThat(load(Map.of("MONITORING_VERBOSE", "2"), "-v").run().verbose()).isEqualTo(1);
    assertThat(load(Map.of(), "--duration", "1h30m").run().duration())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void timeCycleModeGivesAWallClockDuration() {
    CollectorSettings s =
        load(Map.of("MONITORING_CYCLE_MODE", "time", "MONITORING_CYCLE_TIME_MIN", "5"));
    assertThat(s.run().duration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.run().cycles()).isZero();
    assertThat(load(Map.of("MONITORING_CYCLE_TIME_MIN", "5")).run().duration()).isNull();
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
    assertThat(t.level(CpuMetric.CPU_PERCENT)).isEqualTo(new Thresholds.Level(75.0, 88.0));
    assertThat(t.level(MemoryMetric.MEMORY_USED_BYTES))
        .isEqualTo(new Thresholds.Level(8e9, 1.6e10));
    assertThat(t.level(SensorMetric.TEMPERATURE)).isEqualTo(new Thresholds.Level(60.0, 85.0));
    assertThat(t.level(ProbeMetric.PING_LOSS_PERCENT)).isEqualTo(new Thresholds.Level(2.0, 10.0));
    // The metric's own name wins over the original's alias.
    assertThat(t.level(ProbeMetric.LATENCY_MS)).isEqualTo(new Thresholds.Level(150.0, 250.0));
  }

  @Test
  void treatmentSettingsAndTheOriginalsCooldownNames() {
    CollectorSettings s =
        load(
            Map.of(
                "MONITORING_TREATMENTS", "dry-run",
                "MONITORING_TREATMENT_COOLDOWN_REAP_ZOMBIE", "60",
                "MONITORING_TREATMENT_COOLDOWN_CHECK_DISK_USAGE", "0",
                "NETWORK_TREATMENT_ALLOWED_HOUR", "03",
                "MONITORING_SUSTAINED_CRIT_SEC", "120",
                "MONITORING_NETWORK_COMMANDS", "resolvectl flush-caches; nmcli networking on"));
    TreatmentSettings t = s.treatments();
    assertThat(t.mode()).isEqualTo(TreatmentSettings.Mode.DRY_RUN);
    assertThat(t.cooldowns()).containsEntry("reap_zombie_processes", 60L);
    assertThat(t.cooldowns()).containsEntry("check_disk_usage", 0L);
    assertThat(t.cooldowns()).containsEntry("reapply_network_config", 1800L);
    assertThat(t.networkAllowedHour()).isEqualTo(3);
    assertThat(t.sustainedCritSeconds()).isEqualTo(120);
    assertThat(t.networkCommands())
        .containsExactly("resolvectl flush-caches", "nmcli networking on");
    // A ';' inside quotes belongs to the command.
    assertThat(
            load(Map.of("MONITORING_NETWORK_COMMANDS", "sh -c 'a; b' ; echo \"x;y\";"))
                .treatments()
                .networkCommands())
        .containsExactly("sh -c 'a; b'", "echo \"x;y\"");
    assertThat(
            load(Map.of("NETWORK_TREATMENT_ALLOWED_HOUR", "NONE"))
                .treatments()
                .networkAllowedHour())
        .isNull();
  }

  @Test
  void probeTargetsParse() {
    CollectorSettings s =
        load(Map.of("MONITORING_PROBE_TARGETS", "127.0.0.1:8000, localhost [::1]:9000"));
    assertThat(s.probes().targets())
        .containsExactly(
            new ProbeTarget("127.0.0.1", 8000),
            new ProbeTarget("localhost", ProbeTarget.DEFAULT_PORT),
            new ProbeTarget("::1", 9000));
    assertThat(s.probes().targets().get(2).label()).isEqualTo("[::1]:9000");
  }

  @Test
  void hostPathsMustExist() throws IOException {
    Path proc = Files.createDirectory(cwd.resolve("proc"));
    assertThat(load(Map.of("MONITORING_PATH_PROCFS", proc.toString())).sources().paths().procfs())
        .isEqualTo(proc);
  }

  @Test
  void exporterOnlyMistakesDoNotStopTheCollector() {
    CollectorSettings s =
        load(
            Map.of(
                "MONITORING_EXPORTER_PORT", "70000",
                "MONITORING_EXPORTER_ADDR", " ",
                "MONITORING_STALE_AFTER_SEC", "0",
                "MONITORING_EXPORTER_LEGACY_NAMES", "maybe"));
    assertThat(s.run().intervalSec()).isEqualTo(1.0);
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void unknownNamesAreWarnedAboutAndTheExportersAreNot() throws IOException {
    Files.writeString(cwd.resolve(".env"), "MONITORING_INTERVALL_SEC=2\n");
    CollectorSettings s =
        load(
            Map.of(
                "MONITORING_TYPO", "1",
                "MONITORING_EXPORTER_ENABLE", "1",
                "MONITORING_EXPORTER_PORT", "9000",
                "PATH", "/bin"));
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
            "MONITORING_INTERVAL_SEC: expected a number of seconds ≥ 0.001 (1 ms), got 'abc'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "-1",
            "MONITORING_INTERVAL_SEC: expected a number of seconds ≥ 0.001 (1 ms), got '-1'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "0",
            "MONITORING_INTERVAL_SEC: expected a number of seconds ≥ 0.001 (1 ms), got '0'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "NaN",
            "MONITORING_INTERVAL_SEC: expected a number of seconds ≥ 0.001 (1 ms), got 'NaN'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "1e-10",
            "MONITORING_INTERVAL_SEC: expected a number of seconds ≥ 0.001 (1 ms), got '1e-10'"),
        bad(
            "MONITORING_INTERVAL_SEC",
            "0.0009",
            "MONITORING_INTERVAL_SEC: expected a number of seconds ≥ 0.001 (1 ms), got '0.0009'"),
        bad(
            "MONITORING_METRIC_INTERVAL_CPU",
            "1e-7",
            "MONITORING_METRIC_INTERVAL_CPU: expected a number of seconds ≥ 0.001 (1 ms), got"
                + " '1e-7'"),
        bad(
            "MONITORING_NETWORK_COMMANDS",
            "nmcli networking on; sh -c 'ip link set eth0 up",
            "MONITORING_NETWORK_COMMANDS: expected commands separated by ';' (quotes closed),"
                + " got 'nmcli networking on; sh -c 'ip link set eth0 up' (unclosed ' quote)"),
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
            "MONITORING_UMASK",
            "0700",
            "MONITORING_UMASK: expected an octal umask that leaves the owner all rights, such as 027"
                + " or 077, got '0700'"),
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
            "MONITORING_METRIC_INTERVAL_CPU: expected a number of seconds ≥ 0.001 (1 ms), got '0'"),
        bad(
            "MONITORING_METRIC_INTERVAL_GPU",
            "1",
            "MONITORING_METRIC_INTERVAL_GPU: no such source 'gpu'; expected one of CPU, MEMORY, DISK, NETWORK, PING, LATENCY, TEMPERATURE, FILEFD, STAT, VMSTAT, PRESSURE, DISKSTATS, INODES, MDSTAT, CONNTRACK, BONDING, TIMEX, SELF"),
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
  void collectorLinesOfTheSettingsCatalogAreWhatTheCollectorReads() {
    SettingsSource s = SettingsSource.of(Map.of());
    CollectorSettings.load(s);
    Set<String> asked = new TreeSet<>(s.asked());
    asked.removeAll(SettingsCatalog.get().names("common"));
    asked.removeIf(k -> k.startsWith("-"));
    assertThat(SettingsCatalog.get().names("collector"))
        .as("settings-catalog.txt should have these 'collector' lines: %s", asked)
        .isEqualTo(asked);
  }

  @Test
  void badFlagsNameTheFlag() {
    assertThatThrownBy(() -> load(Map.of(), "-i", "-1"))
        .hasMessage("-i/--interval: expected a number of seconds ≥ 0.001 (1 ms), got '-1'");
    assertThatThrownBy(() -> load(Map.of(), "--cycles=x"))
        .hasMessage("-c/--cycles: expected a whole number ≥ 0 (0 = forever), got 'x'");
    assertThatThrownBy(() -> load(Map.of(), "--duration", "soon"))
        .hasMessage(
            "--duration: expected a duration > 0 such as 90, 90s, 5m, 2h or 1h30m, got 'soon'");
    assertThatThrownBy(() -> load(Map.of(), "--port", "9000"))
        .hasMessage("unknown option --port (see --help)");
  }

  @Test
  void theShippedEnvExampleLoadsWithoutWarning() throws IOException {
    Files.copy(Path.of("../.env.example"), cwd.resolve(".env"));
    assertThat(load(Map.of()).warnings()).isEmpty();
  }
}
