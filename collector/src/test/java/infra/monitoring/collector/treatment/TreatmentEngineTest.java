package infra.monitoring.collector.treatment;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.netlearn.FakeClock;
import infra.monitoring.common.Alert;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreatmentEngineTest {
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  static final Instant T0 = LocalDate.of(2026, 11, 23).atTime(3, 0).atZone(ZONE).toInstant();
  static final Thresholds THRESHOLDS = new Thresholds(Thresholds.defaults());

  @TempDir Path dir;

  /** Counts its runs; can be a network action. */
  static final class Recording implements TreatmentAction {
    final String name;
    final boolean network;
    final List<Context> runs = new ArrayList<>();

    Recording(String name, boolean network) {
      this.name = name;
      this.network = network;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public boolean network() {
      return network;
    }

    @Override
    public String unavailableReason() {
      return null;
    }

    @Override
    public Outcome run(Context ctx) {
      runs.add(ctx);
      return new Outcome(true, (ctx.dryRun() ? "would " : "did ") + name);
    }
  }

  final Recording disk = new Recording(DiskUsageReport.NAME, false);
  final Recording cleanup = new Recording(TempCleanup.NAME, false);
  final Recording reap = new Recording(ZombieReaper.NAME, false);
  final Recording net = new Recording(NetworkCommands.NAME, true);
  FakeClock clock = new FakeClock(T0, ZONE);

  static TreatmentEngine.Config config(TreatmentSettings.Mode mode, Integer hour) {
    Map<String, Long> cd = new LinkedHashMap<>();
    cd.put(DiskUsageReport.NAME, 600L);
    cd.put(TempCleanup.NAME, 3600L);
    cd.put(ZombieReaper.NAME, 600L);
    cd.put(NetworkCommands.NAME, 1800L);
    return new TreatmentEngine.Config(
        mode, Duration.ofSeconds(300), 1, cd, hour, Duration.ofSeconds(10), THRESHOLDS, "h");
  }

  TreatmentEngine engine(TreatmentSettings.Mode mode, Integer hour, Executor ex, int historyCap) {
    return new TreatmentEngine(
        config(mode, hour),
        List.of(disk, cleanup, reap, net),
        ex,
        new PostTreatmentHistory(dir, historyCap, false),
        clock);
  }

  static Metrics metrics(double cpu, double ping) {
    return new Metrics().put(CpuMetric.CPU_PERCENT, cpu).put(ProbeMetric.PING_MS, ping);
  }

  /** One sample at {@code T0 + secs}; returns the extra fields. */
  Map<String, Object> tick(TreatmentEngine e, long secs, double cpu, double ping) {
    Instant now = T0.plusSeconds(secs);
    clock.set(now);
    Metrics m = metrics(cpu, ping);
    Map<String, Object> extra = new LinkedHashMap<>();
    e.observe(now, m, THRESHOLDS.evaluate(m), extra);
    return extra;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void criticalSinceIsPerMetricAndClearsWhenTheMetricLeavesCritical() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.OFF, null, Runnable::run, 10);
    assertThat(map(tick(e, 0, 50, 10).get("critical_since"))).isEmpty();
    assertThat(map(tick(e, 1, 95, 10).get("critical_since")))
        .containsExactly(Map.entry("cpu_percent", Timestamps.epochSeconds(T0.plusSeconds(1))));
    Map<String, Object> cs = map(tick(e, 2, 96, 600).get("critical_since"));
    assertThat(cs)
        .containsEntry("cpu_percent", Timestamps.epochSeconds(T0.plusSeconds(1)))
        .containsEntry("ping_ms", Timestamps.epochSeconds(T0.plusSeconds(2)));
    // cpu falls to WARNING: its entry goes, ping's stays.
    assertThat(map(tick(e, 3, 80, 600).get("critical_since"))).containsOnlyKeys("ping_ms");
  }

  @Test
  void offTracksButNeverAttempts() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.OFF, 3, Runnable::run, 10);
    Map<String, Object> extra = Map.of();
    for (int s = 0; s <= 1000; s += 10) {
      extra = tick(e, s, 99, 999);
    }
    assertThat(reap.runs).isEmpty();
    assertThat(net.runs).isEmpty();
    Map<String, Object> t = map(extra.get("treatments"));
    assertThat(t.get("mode")).isEqualTo("off");
    assertThat(map(t.get("attempts")))
        .containsExactly(
            Map.entry("check_disk_usage", 0L),
            Map.entry("cleanup_temp_files", 0L),
            Map.entry("reap_zombie_processes", 0L),
            Map.entry("reapply_network_config", 0L));
    assertThat(t.get("last")).isNull();
  }

  @Test
  void aTreatmentWaitsUntilTheMetricHasBeenCriticalForTheSustainedTime() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, Runnable::run, 10);
    tick(e, 0, 95, 10);
    tick(e, 299, 95, 10);
    assertThat(reap.runs).isEmpty();
    Map<String, Object> extra = tick(e, 300, 95, 10);
    assertThat(reap.runs).hasSize(1);
    assertThat(reap.runs.get(0).metric()).isEqualTo("cpu_percent");
    assertThat(reap.runs.get(0).dryRun()).isFalse();
    Map<String, Object> last = map(map(extra.get("treatments")).get("last"));
    assertThat(last)
        .containsExactly(
            Map.entry("action", "reap_zombie_processes"),
            Map.entry("metric", "cpu_percent"),
            Map.entry("ts", Timestamps.iso(T0.plusSeconds(300))),
            Map.entry("dry_run", false),
            Map.entry("ok", true),
            Map.entry("result", "did reap_zombie_processes"));
    assertThat(map(map(extra.get("treatments")).get("attempts")))
        .containsEntry("reap_zombie_processes", 1L);
  }

  @Test
  void aBreakInCriticalRestartsTheSustainedClock() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, Runnable::run, 10);
    tick(e, 0, 95, 10);
    tick(e, 200, 50, 10);
    tick(e, 201, 95, 10);
    tick(e, 400, 95, 10);
    assertThat(reap.runs).isEmpty();
    tick(e, 501, 95, 10);
    assertThat(reap.runs).hasSize(1);
  }

  @Test
  void cooldownBlocksRepeatsAndAllowsAfterItEnds() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, Runnable::run, 10);
    tick(e, 0, 95, 10);
    tick(e, 300, 95, 10);
    assertThat(reap.runs).hasSize(1);
    for (int s = 301; s < 900; s += 50) {
      tick(e, s, 95, 10);
    }
    assertThat(reap.runs).as("inside the 600 s cooldown").hasSize(1);
    tick(e, 900, 95, 10);
    assertThat(reap.runs).as("cooldown over").hasSize(2);
  }

  @Test
  void networkActionsRunOnlyInTheAllowedLocalHour() {
    // T0 is 03:00 in Berlin.
    TreatmentEngine outside = engine(TreatmentSettings.Mode.ON, 4, Runnable::run, 10);
    tick(outside, 0, 10, 900);
    tick(outside, 400, 10, 900);
    assertThat(net.runs).as("03:06 is outside hour 04").isEmpty();
    tick(outside, 3600, 10, 900);
    assertThat(net.runs).as("04:00 is inside").hasSize(1);
  }

  @Test
  void noAllowedHourMeansNetworkActionsNeverRun() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, Runnable::run, 10);
    for (int s = 0; s <= 86400; s += 600) {
      tick(e, s, 10, 900);
    }
    assertThat(net.runs).isEmpty();
  }

  /** The production wiring: settings, real actions, its own worker thread. */
  Map<String, Object> runFromSettings(String allowedHour, Path marker) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MONITORING_STATE_DIR", dir.resolve("state").toString());
    env.put("MONITORING_TREATMENTS", "on");
    env.put("MONITORING_SUSTAINED_CRIT_SECONDS", "0");
    env.put("MONITORING_NETWORK_COMMANDS", "touch " + marker);
    env.put("NETWORK_TREATMENT_ALLOWED_HOUR", allowedHour);
    env.put("LOGS_DURABLE_WRITES", "0");
    infra.monitoring.collector.CollectorSettings s =
        infra.monitoring.collector.CollectorSettings.load(new String[0], env, dir);
    Map<String, Object> extra = new LinkedHashMap<>();
    try (TreatmentEngine e = new TreatmentEngine(s, clock)) {
      for (int sec = 0; sec <= 86400; sec += 900) {
        extra = tick(e, sec, 10, 900);
      }
    }
    return extra;
  }

  @Test
  void settingsWithAllowedHourNoneNeverRunTheNetworkCommands() throws Exception {
    Path marker = dir.resolve("network-ran");
    Map<String, Object> extra = runFromSettings("NONE", marker);
    assertThat(marker).doesNotExist();
    assertThat(map(map(extra.get("treatments")).get("attempts")))
        .containsEntry("reapply_network_config", 0L);
  }

  @Test
  void settingsWithAnAllowedHourRunTheNetworkCommandsInThatHour() throws Exception {
    Path marker = dir.resolve("network-ran");
    runFromSettings("05", marker);
    assertThat(marker).exists();
    assertThat(dir.resolve("state/network_command.out")).exists();
  }

  @Test
  void diskCriticalRunsTheReportThenTheCleanup() {
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, Runnable::run, 10);
    Metrics m = new Metrics().put(DiskMetric.DISK_PERCENT, 97.0);
    for (long s : new long[] {0, 300}) {
      Map<String, Object> extra = new LinkedHashMap<>();
      e.observe(T0.plusSeconds(s), m, THRESHOLDS.evaluate(m), extra);
    }
    assertThat(disk.runs).hasSize(1);
    assertThat(cleanup.runs).hasSize(1);
  }

  @Test
  void theSamplingThreadNeverWaitsAndARunningActionIsNotQueuedTwice() {
    List<Runnable> queued = new ArrayList<>();
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, queued::add, 10);
    tick(e, 0, 95, 10);
    tick(e, 300, 95, 10);
    assertThat(queued).hasSize(1);
    assertThat(reap.runs).as("not run on the caller's thread").isEmpty();
    queued.clear();
    tick(e, 301, 95, 10);
    assertThat(queued).isEmpty();
  }

  @Test
  void dryRunCleanupReportsOldFilesAndLeavesThemInPlace() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("scratch"));
    Path old = Files.writeString(tmp.resolve("old.log"), "x");
    Instant now = Instant.now();
    Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofDays(30))));
    clock = new FakeClock(now, ZONE);
    TreatmentEngine e =
        new TreatmentEngine(
            config(TreatmentSettings.Mode.DRY_RUN, null),
            List.of(new DiskUsageReport(), new TempCleanup(tmp, 7)),
            Runnable::run,
            new PostTreatmentHistory(dir, 10, false),
            clock);
    Metrics m =
        new Metrics()
            .put(DiskMetric.DISK_PERCENT, 97.0)
            .rows(
                RecordList.DISKS,
                List.of(
                    new Metrics.Row("/")
                        .put(DiskMetric.MOUNT_USED_BYTES, 97L)
                        .put(DiskMetric.MOUNT_TOTAL_BYTES, 100L)
                        .put(DiskMetric.MOUNT_PERCENT, 97.0)));
    Map<String, Object> extra = new LinkedHashMap<>();
    e.observe(now, m, THRESHOLDS.evaluate(m), extra);
    e.observe(now.plusSeconds(300), m, THRESHOLDS.evaluate(m), extra = new LinkedHashMap<>());
    assertThat(old).exists();
    Map<String, Object> t = map(extra.get("treatments"));
    assertThat(t.get("mode")).isEqualTo("dry-run");
    Map<String, Object> last = map(t.get("last"));
    assertThat(last.get("action")).isEqualTo("cleanup_temp_files");
    assertThat(last.get("dry_run")).isEqualTo(true);
    assertThat((String) last.get("result")).startsWith("would delete 1 file");
    assertThat(map(t.get("attempts")))
        .containsEntry("check_disk_usage", 1L)
        .containsEntry("cleanup_temp_files", 1L);
  }

  @Test
  void thePostTreatmentSnapshotIsTheFirstRecordAfterTheWait() throws Exception {
    TreatmentEngine e = engine(TreatmentSettings.Mode.ON, null, Runnable::run, 10);
    tick(e, 0, 95, 10);
    tick(e, 300, 95, 10);
    Path file = dir.resolve(PostTreatmentHistory.FILE_NAME);
    tick(e, 305, 95, 10);
    assertThat(file).as("5 s of the 10 s wait").doesNotExist();
    tick(e, 310, 60, 10);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1);
    FeedRecord r = FeedCodec.decode(lines.get(0));
    assertThat(r.msg()).isEqualTo("post_treatment");
    assertThat(r.state()).isEqualTo("STABLE");
    assertThat(r.metrics().number(CpuMetric.CPU_PERCENT)).isEqualTo(60.0);
    assertThat(r.extra())
        .containsEntry("post_treatment", true)
        .containsEntry("action", "reap_zombie_processes")
        .containsEntry("metric", "cpu_percent")
        .containsEntry("attempt_ts", Timestamps.iso(T0.plusSeconds(300)));
    tick(e, 320, 60, 10);
    assertThat(Files.readAllLines(file)).as("taken once").hasSize(1);
  }

  @Test
  void theHistoryKeepsOnlyTheNewestLines() throws Exception {
    PostTreatmentHistory h = new PostTreatmentHistory(dir, 3, false);
    for (int i = 1; i <= 5; i++) {
      h.add("{\"n\": " + i + "}");
    }
    assertThat(Files.readAllLines(h.file()))
        .containsExactly("{\"n\": 3}", "{\"n\": 4}", "{\"n\": 5}");
    // A new instance (restart) continues from the file.
    PostTreatmentHistory again = new PostTreatmentHistory(dir, 3, false);
    again.add("{\"n\": 6}");
    assertThat(Files.readAllLines(h.file()))
        .containsExactly("{\"n\": 4}", "{\"n\": 5}", "{\"n\": 6}");
  }

  @Test
  void minCriticalAlertsRequiresThatManySustainedMetrics() {
    TreatmentEngine.Config c = config(TreatmentSettings.Mode.ON, null);
    TreatmentEngine e =
        new TreatmentEngine(
            new TreatmentEngine.Config(
                c.mode(), c.sustained(), 2, c.cooldowns(), 3, c.postWait(), THRESHOLDS, "h"),
            List.of(disk, cleanup, reap, net),
            Runnable::run,
            new PostTreatmentHistory(dir, 10, false),
            clock);
    tick(e, 0, 95, 10);
    tick(e, 300, 95, 10);
    assertThat(reap.runs).isEmpty();
    tick(e, 301, 95, 900);
    tick(e, 601, 95, 900);
    assertThat(reap.runs).hasSize(1);
    assertThat(net.runs).hasSize(1);
  }

  @Test
  void actionChoiceFollowsTheOriginalWithoutTheMemoryTrim() {
    assertThat(TreatmentEngine.actionsFor("disk_percent"))
        .containsExactly("check_disk_usage", "cleanup_temp_files");
    assertThat(TreatmentEngine.actionsFor("memory_percent")).isEmpty();
    assertThat(TreatmentEngine.actionsFor("ping_ms")).containsExactly("reapply_network_config");
    assertThat(TreatmentEngine.actionsFor("latency_ms")).containsExactly("reapply_network_config");
    assertThat(TreatmentEngine.actionsFor("ping_loss_percent"))
        .containsExactly("reapply_network_config");
    assertThat(TreatmentEngine.actionsFor("cpu_percent")).containsExactly("reap_zombie_processes");
    assertThat(TreatmentEngine.actionsFor("temperature")).isEmpty();
    assertThat(TreatmentEngine.actionsFor("net_today_bytes")).isEmpty();
  }

  @Test
  void alertsOtherThanCriticalDoNotStartTheClock() {
    CriticalTracker t = new CriticalTracker();
    t.update(T0, List.of(new Alert("cpu_percent", 80, Severity.WARNING)));
    assertThat(t.since()).isEmpty();
  }
}
