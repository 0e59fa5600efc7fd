package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Summaries;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.ProbeMetric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerboseOutputTest {
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

  /** Prints a record as SampleCycle builds it: {@code msg} is the short line of its metrics. */
  private String print(int level, Metrics m) {
    FeedRecord r =
        new FeedRecord(
            "2026-11-23T21:34:31.852247+00:00",
            "INFO",
            Summaries.shortLine(m),
            "STABLE",
            "2026-11-23T21:34:31.845335+00:00",
            m,
            "host-a",
            null,
            null);
    new VerboseOutput(level, new PrintStream(buf, true, StandardCharsets.UTF_8)).print(r);
    return buf.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  private static Metrics metrics() {
    return new Metrics()
        .put(CpuMetric.CPU_PERCENT, 48.4)
        .put(CpuMetric.CPU_FREQ_GHZ, 2.596)
        .put(MemoryMetric.MEMORY_PERCENT, 40.6)
        .put(ProbeMetric.PING_MS, 12.5)
        .put(DiskMetric.DISK_PERCENT, 21.8)
        .put(CollectorMetric.TIMESTAMP, 1795469671.845335);
  }

  @Test
  void withoutVerboseNothingIsPrinted() {
    assertThat(print(0, metrics())).isEmpty();
  }

  @Test
  void oneVPrintsTheShortLine() {
    assertThat(print(1, metrics()))
        .isEqualTo("CPU 2.6GHz • 48% | RAM 41% | Ping 12 ms | Disk 22%\n");
  }

  @Test
  void oneVWithNoDataSaysSo() {
    assertThat(print(1, new Metrics())).isEqualTo(Summaries.NO_DATA + "\n");
  }

  @Test
  void twoVPrintsTheLongBlockThenABlankLine() {
    String out = print(2, metrics());
    assertThat(out).isEqualTo(String.join("\n", Summaries.longLines(metrics())) + "\n\n");
    assertThat(out).startsWith("CPU: 2.6GHz • 48%\n").contains("Date/time: 2026-11-23 21:34:31");
  }
}
