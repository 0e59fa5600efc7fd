package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real exporter, with its shipped heap ({@code jvm.options}, -Xmx12m), serving a feed whose
 * newest lines are 250 KiB each with hostile keys: it used to die with OutOfMemoryError, again at
 * every restart while such a line was the newest.
 */
class HostileFeedIT {
  @TempDir Path dir;

  static double now() {
    return Timestamps.epochSeconds(Instant.now());
  }

  @Test
  void servesQuarterMegabyteLinesWithHostileKeysAndKeepsRunning() throws Exception {
    Path feed = new LogLayout(dir.resolve("logs")).feedFile(LocalDate.of(2026, 11, 23));
    StringBuilder start = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      start.append(HostileLines.line(TestRecords.full(now(), i), i % 2 == 0 ? "x" : "treatments"));
    }
    start.append(HostileLines.line(TestRecords.full(now(), 42.5), "x"));
    TestRecords.append(feed, start.toString());
    try (ExporterProcess e =
        ExporterProcess.start(dir, Map.of("MONITORING_LOG_ROOT", dir.resolve("logs").toString()))) {
      ExporterIT.awaitMetrics(e.port, b -> b.contains("\nmonitoring_cpu_percent 42.5\n"));
      for (int i = 1; i <= 15; i++) {
        // A servable line, then one the decoder refuses (the project's key over its bound): the
        // first stays served.
        TestRecords.append(feed, HostileLines.line(TestRecords.full(now(), i), "x"));
        TestRecords.append(feed, HostileLines.line(TestRecords.full(now(), 99), "treatments"));
        double cpu = i;
        ExporterIT.awaitMetrics(e.port, b -> b.contains("\nmonitoring_cpu_percent " + cpu + "\n"));
      }
      assertThat(e.process.isAlive()).as(e.log()).isTrue();
      assertThat(e.log()).doesNotContain("OutOfMemoryError");
    }
  }
}
