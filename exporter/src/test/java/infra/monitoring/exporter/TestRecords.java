package infra.monitoring.exporter;

import infra.monitoring.common.Alert;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metric;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.RecordList;
import infra.monitoring.common.Severity;
import infra.monitoring.common.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Feed records and feed files for tests, written with the shared codec. */
final class TestRecords {
  /** 2026-11-23T21:34:31.845335Z. */
  static final double T0 = 1795469671.845335;

  private TestRecords() {}

  /** A record with every key set, sampled at {@code epoch}, with {@code cpu} as cpu_percent. */
  static FeedRecord full(double epoch, double cpu) {
    Metrics m = new Metrics();
    m.put(Metric.CPU_PERCENT, cpu);
    m.put(Metric.CPU_FREQ_GHZ, 2.596134);
    m.put(Metric.MEMORY_PERCENT, 41.2);
    m.put(Metric.DISK_PERCENT, 21.8);
    m.put(Metric.MEMORY_USED_BYTES, 365207552L);
    m.put(Metric.MEMORY_TOTAL_BYTES, 25276502016L);
    m.put(Metric.BYTES_SENT, 86270014L);
    m.put(Metric.BYTES_RECV, 181063060L);
    m.put(Metric.PING_MS, 0.59);
    m.put(Metric.LATENCY_MS, 0.19);
    m.put(Metric.LATENCY_METHOD, "icmp");
    m.put(Metric.LATENCY_ESTIMATED, false);
    m.put(Metric.TEMPERATURE, 48.5);
    m.put(Metric.TIMESTAMP, epoch);
    m.put(Metric.DISK_USED_BYTES, 23738204160L);
    m.put(Metric.DISK_TOTAL_BYTES, 270553174016L);
    m.put(Metric.LOAD_1, 0.38);
    m.put(Metric.LOAD_5, 0.25);
    m.put(Metric.LOAD_15, 0.17);
    m.put(Metric.NET_IN_MBPS, 0.8);
    m.put(Metric.NET_OUT_MBPS, 0.2);
    m.put(Metric.SWAP_USED_BYTES, 1048576L);
    m.put(Metric.SWAP_TOTAL_BYTES, 2147483648L);
    m.put(Metric.PING_LOSS_PERCENT, 0.0);
    m.put(Metric.NET_TODAY_BYTES, 123456789L);
    m.put(Metric.NET_LEARNED_LIMIT_BYTES, 5000000000L);
    m.rows(
        RecordList.DISKS,
        List.of(
            new Metrics.Row("/")
                .put(Metric.MOUNT_USED_BYTES, 23738204160L)
                .put(Metric.MOUNT_TOTAL_BYTES, 270553174016L)
                .put(Metric.MOUNT_PERCENT, 21.8),
            new Metrics.Row("/boot")
                .put(Metric.MOUNT_USED_BYTES, 104857600L)
                .put(Metric.MOUNT_TOTAL_BYTES, 524288000L)
                .put(Metric.MOUNT_PERCENT, 20.0)));
    m.rows(
        RecordList.INTERFACES,
        List.of(
            new Metrics.Row("eth0")
                .put(Metric.INTERFACE_BYTES_SENT, 86270014L)
                .put(Metric.INTERFACE_BYTES_RECV, 181063060L),
            new Metrics.Row("lo")
                .put(Metric.INTERFACE_BYTES_SENT, 5120L)
                .put(Metric.INTERFACE_BYTES_RECV, 5120L)));
    m.rows(
        RecordList.PROBES,
        List.of(
            new Metrics.Row("127.0.0.1:9")
                .put(Metric.PROBE_PING_MS, 0.59)
                .put(Metric.PROBE_LOSS_PERCENT, 25.0)
                .put(Metric.PROBE_LATENCY_MS, 0.19)
                .put(Metric.PROBE_METHOD, "icmp")
                .put(Metric.PROBE_OK, true),
            new Metrics.Row("localhost")
                .put(Metric.PROBE_PING_MS, 1.5)
                .put(Metric.PROBE_METHOD, "tcp")
                .put(Metric.PROBE_OK, false)));
    m.put(Metric.COLLECTOR_CPU_SECONDS, 12.5)
        .put(Metric.COLLECTOR_RSS_BYTES, 58720256L)
        .put(Metric.COLLECTOR_SAMPLE_SECONDS, 0.0031)
        .rows(
            RecordList.SOURCES,
            List.of(
                new Metrics.Row("cpu")
                    .put(Metric.SOURCE_OK, true)
                    .put(Metric.SOURCE_SECONDS, 0.0004),
                new Metrics.Row("sensors")
                    .put(Metric.SOURCE_OK, false)
                    .put(Metric.SOURCE_SECONDS, 0.002)));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("critical_since", Map.of("cpu_percent", epoch - 120));
    Map<String, Object> treatments = new LinkedHashMap<>();
    treatments.put("mode", "dry-run");
    treatments.put("attempts", Map.of("cleanup_temp_files", 2));
    treatments.put("last", null);
    extra.put("treatments", treatments);
    String iso = Timestamps.iso(instant(epoch));
    return new FeedRecord(
        iso,
        "INFO",
        "CPU 2.6GHz • " + Math.round(cpu) + "% | RAM 41% | Ping 1 ms | Disk 22%",
        "CRITICAL",
        iso,
        m,
        "testhost",
        List.of(
            new Alert("cpu_percent", cpu, Severity.CRITICAL),
            new Alert("memory_percent", 41.2, Severity.WARNING)),
        extra);
  }

  /** A record with only a timestamp and cpu_percent. */
  static FeedRecord minimal(double epoch, double cpu) {
    Metrics m = new Metrics();
    m.put(Metric.CPU_PERCENT, cpu);
    m.put(Metric.TIMESTAMP, epoch);
    String iso = Timestamps.iso(instant(epoch));
    return new FeedRecord(iso, "INFO", "x", "STABLE", iso, m, "h", List.of(), Map.of());
  }

  static Instant instant(double epoch) {
    long micros = Math.round(epoch * 1e6);
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
  }

  static String line(FeedRecord r) {
    return FeedCodec.encode(r) + "\n";
  }

  static void append(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
