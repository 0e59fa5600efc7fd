package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.feed.FeedWriter;
import infra.monitoring.collector.pipeline.Enricher;
import infra.monitoring.collector.pipeline.RecordObserver;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCycleTest {
  private static final Instant T = Instant.parse("2026-11-23T21:34:31.846864Z");

  @TempDir Path root;

  private Metrics sample() {
    Metrics m = new Metrics();
    m.put(CpuMetric.CPU_PERCENT, 95.0);
    m.put(CpuMetric.CPU_FREQ_GHZ, 2.6);
    m.put(MemoryMetric.MEMORY_PERCENT, 41.0);
    return m;
  }

  @Test
  void assemblesTheRecordInContractOrderWithEnrichersAndObservers() throws Exception {
    LogLayout layout = new LogLayout(root);
    Enricher enricher = (now, m) -> m.put(NetworkMetric.NET_TODAY_BYTES, 1234L);
    Enricher broken =
        (now, m) -> {
          throw new IllegalStateException("enricher bug");
        };
    RecordObserver observer =
        (now, m, eval, extra) -> extra.put("critical_since", Map.of("cpu_percent", 1.0));
    RecordObserver brokenObserver =
        (now, m, eval, extra) -> {
          throw new IllegalArgumentException("observer bug");
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FeedRecord r;
    try (FeedWriter w = new FeedWriter(layout, ZoneOffset.UTC, false)) {
      SampleCycle cycle =
          new SampleCycle(
              this::sample,
              List.of(broken, enricher),
              new Thresholds(Thresholds.defaults()),
              List.of(brokenObserver, observer),
              "host-1",
              w,
              Clock.fixed(T, ZoneOffset.UTC),
              new VerboseOutput(1, new PrintStream(out, true, StandardCharsets.UTF_8)));
      r = cycle.run();
    }
    assertThat(r.state()).isEqualTo("CRITICAL");
    assertThat(r.msg()).isEqualTo("CPU 2.6GHz • 95% | RAM 41%");
    assertThat(r.metrics().number(CollectorMetric.TIMESTAMP)).isEqualTo(1795469671.846864);
    assertThat(r.metrics().integer(NetworkMetric.NET_TODAY_BYTES)).isEqualTo(1234L);

    String line = Files.readString(layout.feedFile(LocalDate.of(2026, 11, 23))).strip();
    assertThat(line)
        .startsWith(
            "{\"ts\": \"2026-11-23T21:34:31.846864+00:00\", \"level\": \"INFO\", \"msg\": \"CPU"
                + " 2.6GHz • 95% | RAM 41%\", \"state\": \"CRITICAL\", \"timestamp\":"
                + " \"2026-11-23T21:34:31.846864+00:00\", \"metrics\": {\"cpu_percent\": 95")
        .endsWith(
            "\"host\": \"host-1\", \"alerts\": [{\"name\": \"cpu_percent\", \"value\": 95.0,"
                + " \"level\": \"CRITICAL\"}], \"critical_since\": {\"cpu_percent\": 1.0}}");
    assertThat(FeedCodec.decode(line).extra()).containsKey("critical_since");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("CPU 2.6GHz • 95% | RAM 41%\n");
  }
}
