package infra.monitoring.collector.treatment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real collector jar for a few seconds with a disk threshold every host crosses and
 * treatments in dry-run, and checks what the behaviours leave behind: the record's {@code
 * critical_since} and {@code treatments}, the structured attempt events, the post-treatment
 * history, the hourly summary files and the network learning state written at shutdown.
 */
class BehavioursIT {
  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void dryRunTreatmentsSummaryAndLearningEndToEnd() throws Exception {
    Path root = tmp.resolve("logs");
    Path clean = Files.createDirectories(tmp.resolve("clean"));
    Path old = Files.writeString(clean.resolve("old.tmp"), "x");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + MODULE.resolve("jvm.options"));
    cmd.add("-jar");
    cmd.add(MODULE.resolve("target/collector.jar").toString());
    cmd.add("--duration");
    cmd.add("9s");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("MONITORING_") || k.startsWith("LOGS_"));
    env.remove("NETWORK_TREATMENT_ALLOWED_HOUR");
    env.put("MONITORING_LOG_ROOT", root.toString());
    env.put("MONITORING_THRESHOLD_DISK_PERCENT_WARNING", "0.001");
    env.put("MONITORING_THRESHOLD_DISK_PERCENT_CRITICAL", "0.002");
    env.put("MONITORING_SUSTAINED_CRIT_SECONDS", "2");
    env.put("MONITORING_POST_TREATMENT_WAIT_SEC", "1");
    env.put("MONITORING_TREATMENTS", "dry-run");
    env.put("MONITORING_CLEANUP_DIR", clean.toString());
    env.put("MONITORING_HOURLY_INTERVAL_SEC", "4");
    pb.redirectOutput(tmp.resolve("stdout.txt").toFile());
    pb.redirectError(tmp.resolve("stderr.txt").toFile());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after --duration").isTrue();
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    String stderr = Files.readString(tmp.resolve("stderr.txt"));
    assertThat(p.exitValue()).as("exit code; stderr:\n" + stderr).isZero();

    LocalDate today = LocalDate.now();
    List<String> feed = Files.readAllLines(root.resolve("json/monitoring-" + today + ".jsonl"));
    FeedRecord last = FeedCodec.decode(feed.get(feed.size() - 1));
    assertThat(((Map<?, ?>) last.extra().get("critical_since")).containsKey("disk_percent"))
        .isTrue();
    Map<?, ?> t = (Map<?, ?>) last.extra().get("treatments");
    assertThat(t.get("mode")).isEqualTo("dry-run");
    Map<?, ?> attempts = (Map<?, ?>) t.get("attempts");
    assertThat(((Number) attempts.get("check_disk_usage")).intValue()).isEqualTo(1);
    assertThat(((Number) attempts.get("cleanup_temp_files")).intValue()).isEqualTo(1);
    assertThat(((Number) attempts.get("reapply_network_config")).intValue()).isZero();
    assertThat(((Map<?, ?>) t.get("last")).get("dry_run")).isEqualTo(true);
    assertThat(old).as("dry run deletes nothing").exists();

    String app = Files.readString(root.resolve("app/collector.json"), StandardCharsets.UTF_8);
    assertThat(app)
        .contains("\"event\":\"treatment_attempt\"")
        .contains("\"action\":\"cleanup_temp_files\"");

    List<String> history = Files.readAllLines(root.resolve("state/post_treatment_history.jsonl"));
    assertThat(history).isNotEmpty();
    assertThat(FeedCodec.decode(history.get(0)).extra()).containsEntry("post_treatment", true);

    JsonNode usage = JSON.readTree(root.resolve("state/network_usage.json").toFile());
    assertThat(usage.get("days").has(today.toString())).isTrue();

    List<String> summary =
        Files.readAllLines(root.resolve("json/average_metric-" + today + ".jsonl"));
    assertThat(summary).isNotEmpty();
    assertThat(JSON.readTree(summary.get(0)).get("n_lines").asInt()).isPositive();
    assertThat(Files.readString(root.resolve("log/average_metric_safe-" + today + ".log")))
        .contains("Lines used:")
        .contains("States:");
  }
}
