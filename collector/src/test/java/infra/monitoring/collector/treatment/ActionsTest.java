package infra.monitoring.collector.treatment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionsTest {
  static final Thresholds THRESHOLDS = new Thresholds(Thresholds.defaults());
  final Instant now = Instant.now();

  @TempDir Path dir;

  TreatmentAction.Context ctx(boolean dry) {
    return new TreatmentAction.Context(now, "disk_percent", new Metrics(), THRESHOLDS, dry);
  }

  Path file(Path p, int ageDays) throws Exception {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "data");
    Files.setLastModifiedTime(p, FileTime.from(now.minus(Duration.ofDays(ageDays))));
    return p;
  }

  void age(Path p, int days) throws Exception {
    Files.setLastModifiedTime(p, FileTime.from(now.minus(Duration.ofDays(days))));
  }

  @Test
  void cleanupDeletesOnlyOldFilesInsideItsDirectory() throws Exception {
    Path clean = dir.resolve("clean");
    Path outside = file(dir.resolve("outside/precious.txt"), 100);
    Path oldFile = file(clean.resolve("a.tmp"), 10);
    Path young = file(clean.resolve("b.tmp"), 1);
    Path oldInYoungDir = file(clean.resolve("mixed/old.tmp"), 10);
    Path youngInMixed = file(clean.resolve("mixed/young.tmp"), 0);
    Path deepOld = file(clean.resolve("olddir/sub/x.tmp"), 20);
    age(clean.resolve("olddir/sub"), 20);
    age(clean.resolve("olddir"), 20);
    age(clean.resolve("mixed"), 20);
    // Links pointing outside: neither followed nor deleted.
    Path linkToFile = Files.createSymbolicLink(clean.resolve("link.tmp"), outside);
    Path linkToDir = Files.createSymbolicLink(clean.resolve("linkdir"), outside.getParent());

    TreatmentAction.Outcome o = new TempCleanup(clean, 7).run(ctx(false));

    assertThat(oldFile).doesNotExist();
    assertThat(deepOld).doesNotExist();
    assertThat(clean.resolve("olddir")).as("old and emptied").doesNotExist();
    assertThat(oldInYoungDir).doesNotExist();
    assertThat(young).exists();
    assertThat(youngInMixed).exists();
    assertThat(clean.resolve("mixed")).as("still holds a young file").isDirectory();
    assertThat(outside).exists().hasContent("data");
    assertThat(Files.isSymbolicLink(linkToFile)).isTrue();
    assertThat(Files.isSymbolicLink(linkToDir)).isTrue();
    assertThat(clean).isDirectory();
    assertThat(o.ok()).isTrue();
    assertThat(o.result()).startsWith("deleted 3 files").contains("and 2 directories");
  }

  @Test
  void cleanupInDryRunDeletesNothing() throws Exception {
    Path clean = dir.resolve("clean");
    Path oldFile = file(clean.resolve("a.tmp"), 10);
    TreatmentAction.Outcome o = new TempCleanup(clean, 7).run(ctx(true));
    assertThat(oldFile).exists();
    assertThat(o.result()).startsWith("would delete 1 file");
  }

  @Test
  void cleanupWithoutADirectoryIsUnavailable() throws Exception {
    TempCleanup c = new TempCleanup(null, 7);
    assertThat(c.unavailableReason()).contains("MONITORING_CLEANUP_DIR");
    assertThat(c.run(ctx(false)).ok()).isFalse();
    assertThat(new TempCleanup(Path.of("/"), 7).run(ctx(true)).result()).contains("refusing");
  }

  @Test
  void diskReportListsEveryDiskAtOrAboveTheWarning() {
    Metrics m =
        new Metrics()
            .put(DiskMetric.DISK_PERCENT, 50.0)
            .rows(
                RecordList.DISKS,
                List.of(
                    new Metrics.Row("/")
                        .put(DiskMetric.MOUNT_USED_BYTES, 50L)
                        .put(DiskMetric.MOUNT_TOTAL_BYTES, 100L)
                        .put(DiskMetric.MOUNT_PERCENT, 50.0),
                    new Metrics.Row("/data")
                        .put(DiskMetric.MOUNT_USED_BYTES, 85L)
                        .put(DiskMetric.MOUNT_TOTAL_BYTES, 100L)
                        .put(DiskMetric.MOUNT_PERCENT, 85.0),
                    new Metrics.Row("/backup")
                        .put(DiskMetric.MOUNT_USED_BYTES, 80L)
                        .put(DiskMetric.MOUNT_TOTAL_BYTES, 100L)
                        .put(DiskMetric.MOUNT_PERCENT, 80.0)));
    TreatmentAction.Outcome o =
        new DiskUsageReport()
            .run(new TreatmentAction.Context(now, "disk_percent", m, THRESHOLDS, false));
    assertThat(o.result())
        .isEqualTo(
            "/data: 85.0% used (0.00 MiB of 0.00 MiB); /backup: 80.0% used (0.00 MiB of 0.00 MiB)");
  }

  @Test
  void networkCommandsRunWithoutAShellAndTimeOut() throws Exception {
    Path marker = dir.resolve("ran");
    NetworkCommands nc =
        new NetworkCommands(
            List.of("touch " + marker, "false", "sleep 5"), Duration.ofMillis(300), dir);
    TreatmentAction.Outcome dry =
        nc.run(new TreatmentAction.Context(now, "ping_ms", new Metrics(), THRESHOLDS, true));
    assertThat(marker).as("dry run").doesNotExist();
    assertThat(dry.result()).isEqualTo("would run: touch " + marker + "; false; sleep 5");
    long t0 = System.nanoTime();
    TreatmentAction.Outcome o =
        nc.run(new TreatmentAction.Context(now, "ping_ms", new Metrics(), THRESHOLDS, false));
    assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(4).toNanos());
    assertThat(marker).exists();
    assertThat(o.ok()).isFalse();
    assertThat(o.result())
        .isEqualTo(
            "touch " + marker + " -> exit 0; false -> exit 1; sleep 5 -> timed out after 0.3 s");
    assertThat(new NetworkCommands(List.of(), Duration.ofSeconds(1), dir).unavailableReason())
        .isNotNull();
  }

  @Test
  void commandsSplitLikeAShellWithoutRunningOne() {
    assertThat(NetworkCommands.split("nmcli networking on"))
        .containsExactly("nmcli", "networking", "on");
    assertThat(NetworkCommands.split("sh -c 'ip link set eth0 down && ip link set eth0 up'"))
        .containsExactly("sh", "-c", "ip link set eth0 down && ip link set eth0 up");
    assertThat(NetworkCommands.split("echo \"a \\\"b\\\"\" c\\ d $HOME"))
        .containsExactly("echo", "a \"b\"", "c d", "$HOME");
    assertThatThrownBy(() -> NetworkCommands.split("echo 'x")).hasMessageContaining("quote");
  }

  @Test
  void zombieReportCountsTheCollectorsChildren() throws Exception {
    Process p = new ProcessBuilder("sleep", "5").start();
    try {
      TreatmentAction.Outcome o =
          new ZombieReaper()
              .run(
                  new TreatmentAction.Context(
                      now, "cpu_percent", new Metrics(), THRESHOLDS, false));
      assertThat(o.ok()).isTrue();
      assertThat(o.result()).matches("[1-9]\\d* child process(es)?, reaped 0, zombies left 0");
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }
}
