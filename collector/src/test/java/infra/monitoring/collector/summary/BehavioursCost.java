package infra.monitoring.collector.summary;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.collector.netlearn.NetworkUsageLearner;
import infra.monitoring.collector.treatment.TreatmentEngine;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SystemMetric;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost probe, not a test: the hourly summary at the end of a day sampled every second (86,400 feed
 * lines of a realistic size), and the per-record cost of the learning enricher plus the treatment
 * observer. Run after {@code package}:
 *
 * <pre>java -Xmx64m -cp collector/target/collector.jar:collector/target/test-classes \
 *   infra.monitoring.collector.summary.BehavioursCost</pre>
 */
public final class BehavioursCost {
  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("behaviours-cost");
    ZoneId zone = ZoneId.of("UTC");
    Instant end = LocalDate.of(2026, 11, 23).atTime(23, 59, 59).atZone(zone).toInstant();
    CollectorSettings s =
        CollectorSettings.load(
            new String[0],
            Map.of(
                "MONITORING_LOG_ROOT",
                root.resolve("logs").toString(),
                "MONITORING_STATE_DIR",
                root.resolve("state").toString(),
                "MONITORING_TREATMENTS",
                "dry-run",
                "LOGS_DURABLE_WRITES",
                "0"),
            root);
    Path feed = s.layout().feedFile(LocalDate.ofInstant(end, zone));
    Files.createDirectories(feed.getParent());
    long bytes = 0;
    try (BufferedWriter w = Files.newBufferedWriter(feed, StandardCharsets.UTF_8)) {
      for (int i = 86399; i >= 0; i--) {
        String line = FeedCodec.encode(record(end.minusSeconds(i), 86400 - i));
        bytes += line.length() + 1;
        w.write(line);
        w.write('\n');
      }
    }
    System.out.printf("feed: 86400 lines, %.0f MB%n", bytes / 1e6);
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int run = 0; run < 5; run++) {
      Files.deleteIfExists(s.run().stateDir().resolve(HourlySummary.STATE_FILE));
      HourlySummary h = new HourlySummary(s, Clock.fixed(end, zone));
      long c0 = bean.getCurrentThreadCpuTime();
      long a0 = bean.getCurrentThreadAllocatedBytes();
      long t0 = System.nanoTime();
      HourlySummary.Outcome o = h.summarize(end);
      System.out.printf(
          "hourly summary run %d: %d records, wall %.0f ms, cpu %.0f ms, allocated %.0f MB%n",
          run,
          o.records(),
          (System.nanoTime() - t0) / 1e6,
          (bean.getCurrentThreadCpuTime() - c0) / 1e6,
          (bean.getCurrentThreadAllocatedBytes() - a0) / 1e6);
    }
    NetworkUsageLearner learner = new NetworkUsageLearner(s, Clock.system(zone));
    Thresholds thresholds = s.thresholds();
    try (TreatmentEngine engine = new TreatmentEngine(s, Clock.system(zone))) {
      Instant t = end;
      for (int round = 0; round < 3; round++) {
        int n = 50_000;
        Metrics[] ms = new Metrics[n];
        for (int i = 0; i < n; i++) {
          ms[i] = record(t.plusSeconds(i), round * n + i).metrics();
        }
        long c0 = bean.getCurrentThreadCpuTime();
        long a0 = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < n; i++) {
          t = t.plusSeconds(1);
          learner.enrich(t, ms[i]);
          engine.observe(t, ms[i], thresholds.evaluate(ms[i]), new LinkedHashMap<>());
        }
        System.out.printf(
            "per record (learning + evaluate + treatments observer): cpu %.2f us, allocated %.0f"
                + " bytes%n",
            (bean.getCurrentThreadCpuTime() - c0) / 1e3 / n,
            (bean.getCurrentThreadAllocatedBytes() - a0) / (double) n);
      }
    }
    learner.close();
  }

  private static FeedRecord record(Instant t, long i) {
    Metrics m =
        new Metrics()
            .put(CollectorMetric.TIMESTAMP, Timestamps.epochSeconds(t))
            .put(CpuMetric.CPU_PERCENT, 20.0 + i % 50)
            .put(CpuMetric.CPU_FREQ_GHZ, 2.6)
            .put(MemoryMetric.MEMORY_PERCENT, 41.0)
            .put(MemoryMetric.MEMORY_USED_BYTES, 10_000_000_000L)
            .put(MemoryMetric.MEMORY_TOTAL_BYTES, 25_000_000_000L)
            .put(DiskMetric.DISK_PERCENT, 22.0)
            .put(DiskMetric.DISK_USED_BYTES, 60_000_000_000L)
            .put(DiskMetric.DISK_TOTAL_BYTES, 270_000_000_000L)
            .put(NetworkMetric.BYTES_SENT, 1_000_000L + i * 1500)
            .put(NetworkMetric.BYTES_RECV, 5_000_000L + i * 9000)
            .put(ProbeMetric.PING_MS, 12.5)
            .put(ProbeMetric.LATENCY_MS, 3.1)
            .put(SystemMetric.LOAD_1, 0.5)
            .rows(
                RecordList.DISKS,
                List.of(
                    new Metrics.Row("/")
                        .put(DiskMetric.MOUNT_USED_BYTES, 60_000_000_000L)
                        .put(DiskMetric.MOUNT_TOTAL_BYTES, 270_000_000_000L)
                        .put(DiskMetric.MOUNT_PERCENT, 22.0),
                    new Metrics.Row("/boot")
                        .put(DiskMetric.MOUNT_USED_BYTES, 100_000_000L)
                        .put(DiskMetric.MOUNT_TOTAL_BYTES, 1_000_000_000L)
                        .put(DiskMetric.MOUNT_PERCENT, 10.0)))
            .rows(
                RecordList.INTERFACES,
                List.of(
                    new Metrics.Row("eth0")
                        .put(NetworkMetric.INTERFACE_BYTES_SENT, 1_000_000L + i * 1500)
                        .put(NetworkMetric.INTERFACE_BYTES_RECV, 5_000_000L + i * 9000)))
            .put(CollectorMetric.COLLECTOR_CPU_SECONDS, 1.5)
            .put(CollectorMetric.COLLECTOR_RSS_BYTES, 60_000_000L)
            .put(CollectorMetric.COLLECTOR_SAMPLE_SECONDS, 0.0006)
            .rows(
                RecordList.SOURCES,
                List.of(
                    new Metrics.Row("cpu")
                        .put(CollectorMetric.SOURCE_OK, true)
                        .put(CollectorMetric.SOURCE_SECONDS, 1e-4)));
    return new FeedRecord(
        Timestamps.iso(t),
        "INFO",
        "CPU 2.6GHz • 48%",
        "STABLE",
        Timestamps.iso(t),
        m,
        "h",
        List.of(),
        Map.of());
  }
}
