package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real collector, with its shipped heap ({@code jvm.options}, -Xmx32m), started on a feed whose
 * last hour holds dozens of 250 KiB lines carrying hostile keys: its hourly summary reads them at
 * start, and it must keep running (it used to exit with OutOfMemoryError at every start for an
 * hour).
 */
class HostileFeedIT {
  private static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final int LINE_BYTES = 250 * 1024;

  @TempDir Path tmp;
  private Process process;

  @AfterEach
  void stop() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A valid record sampled at {@code t}, grown to 250 KiB by {@code kind}. */
  static String line(Instant t, double cpu, String kind) {
    Metrics m =
        new Metrics()
            .put(CpuMetric.CPU_PERCENT, cpu)
            .put(CollectorMetric.TIMESTAMP, Timestamps.epochSeconds(t));
    String iso = Timestamps.iso(t);
    String base =
        FeedCodec.encode(
            new FeedRecord(iso, "INFO", "x", "STABLE", iso, m, "h", List.of(), Map.of()));
    int room = LINE_BYTES - base.length() - 40;
    if (kind.equals("interfaces")) {
      // Rows of the project's own list, far over its bound.
      String row = "{\"name\": \"veth0\"}";
      String rows = String.join(", ", Collections.nCopies(room / (row.length() + 2), row));
      return base.replace("\"interfaces\": null", "\"interfaces\": [" + rows + "]");
    }
    // "x": unknown, skipped unbuilt; "treatments": the project's own extra key, over its bound.
    String empties = String.join(",", Collections.nCopies(room / 3, "{}"));
    return base.substring(0, base.length() - 1) + ", \"" + kind + "\": [" + empties + "]}";
  }

  @Test
  void keepsRunningAndSummarisesAnHourOfQuarterMegabyteHostileLines() throws Exception {
    LogLayout layout = new LogLayout(tmp.resolve("logs"));
    Files.createDirectories(layout.jsonDir());
    ZoneId zone = ZoneId.systemDefault();
    Instant now = Instant.now();
    int good = 0;
    int refused = 0;
    for (int i = 0; i < 40; i++) {
      Instant t = now.minus(Duration.ofSeconds(50L * (40 - i)));
      String kind = i % 4 == 1 ? "treatments" : i % 4 == 3 ? "interfaces" : "x";
      if (kind.equals("x")) {
        good++;
      } else {
        refused++;
      }
      Files.writeString(
          layout.feedFile(LocalDate.ofInstant(t, zone)),
          line(t, 50, kind) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("@" + MODULE.resolve("jvm.options"));
    cmd.add("-jar");
    cmd.add(MODULE.resolve("target/collector.jar").toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("MONITORING_") || k.startsWith("LOGS_"));
    pb.environment().put("MONITORING_LOG_ROOT", layout.root().toString());
    pb.environment().put("MONITORING_HOURLY_INTERVAL_SEC", "3600");
    pb.environment().put("LOGS_DURABLE_WRITES", "false");
    pb.redirectErrorStream(true).redirectOutput(tmp.resolve("output.txt").toFile());
    process = pb.start();

    // The summary runs once at start, on the maintenance thread.
    Path summary =
        layout
            .jsonDir()
            .resolve("average_metric-" + LocalDate.ofInstant(Instant.now(), zone) + ".jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!(Files.exists(summary) && Files.size(summary) > 0)
        && process.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    String output = Files.readString(tmp.resolve("output.txt"));
    assertThat(process.isAlive()).as("still running; output:\n" + output).isTrue();
    assertThat(summary).as("summary written; output:\n" + output).exists();
    Thread.sleep(2000); // and a few more samples after it
    process.destroy();
    assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
    output = Files.readString(tmp.resolve("output.txt"));
    assertThat(process.exitValue()).as("exit code; output:\n" + output).isZero();
    assertThat(output).doesNotContain("OutOfMemoryError");

    JsonNode s = new ObjectMapper().readTree(Files.readAllLines(summary).get(0));
    // The hostile lines that are records, and perhaps the collector's first own record.
    assertThat(s.get("n_lines").asInt()).isBetween(good, good + 1);
    assertThat(s.get("bad_lines").asInt()).isEqualTo(refused);
    assertThat(s.at("/averages/cpu_percent").isNumber()).isTrue();
  }
}
