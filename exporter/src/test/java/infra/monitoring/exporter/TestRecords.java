package infra.monitoring.exporter;

import infra.monitoring.common.Alert;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.metric.SystemMetric;
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
    m.put(CpuMetric.CPU_PERCENT, cpu);
    m.put(CpuMetric.CPU_FREQ_GHZ, 2.596134);
    m.put(MemoryMetric.MEMORY_PERCENT, 41.2);
    m.put(DiskMetric.DISK_PERCENT, 21.8);
    m.put(MemoryMetric.MEMORY_USED_BYTES, 365207552L);
    m.put(MemoryMetric.MEMORY_TOTAL_BYTES, 25276502016L);
    m.put(NetworkMetric.BYTES_SENT, 86270014L);
    m.put(NetworkMetric.BYTES_RECV, 181063060L);
    m.put(ProbeMetric.PING_MS, 0.59);
    m.put(ProbeMetric.LATENCY_MS, 0.19);
    m.put(ProbeMetric.LATENCY_METHOD, "icmp");
    m.put(ProbeMetric.LATENCY_ESTIMATED, false);
    m.put(SensorMetric.TEMPERATURE, 48.5);
    m.put(CollectorMetric.TIMESTAMP, epoch);
    m.put(DiskMetric.DISK_USED_BYTES, 23738204160L);
    m.put(DiskMetric.DISK_TOTAL_BYTES, 270553174016L);
    m.put(SystemMetric.LOAD_1, 0.38);
    m.put(SystemMetric.LOAD_5, 0.25);
    m.put(SystemMetric.LOAD_15, 0.17);
    m.put(SystemMetric.FILEFD_ALLOCATED, 9184L);
    m.put(SystemMetric.FILEFD_MAXIMUM, 9223372036854775807L);
    m.put(NetworkMetric.NET_IN_MBPS, 0.8);
    m.put(NetworkMetric.NET_OUT_MBPS, 0.2);
    m.put(MemoryMetric.SWAP_USED_BYTES, 1048576L);
    m.put(MemoryMetric.SWAP_TOTAL_BYTES, 2147483648L);
    m.put(ProbeMetric.PING_LOSS_PERCENT, 0.0);
    m.put(NetworkMetric.NET_TODAY_BYTES, 123456789L);
    m.put(NetworkMetric.NET_LEARNED_LIMIT_BYTES, 5000000000L);
    breadth(m);
    m.rows(
        RecordList.DISKS,
        List.of(
            new Metrics.Row("/")
                .put(DiskMetric.MOUNT_USED_BYTES, 23738204160L)
                .put(DiskMetric.MOUNT_TOTAL_BYTES, 270553174016L)
                .put(DiskMetric.MOUNT_PERCENT, 21.8)
                .put(DiskMetric.MOUNT_AVAIL_BYTES, 233044676608L)
                .put(DiskMetric.MOUNT_READONLY, false)
                .put(DiskMetric.MOUNT_FILES, 16777216L)
                .put(DiskMetric.MOUNT_FILES_FREE, 16316369L),
            new Metrics.Row("/boot")
                .put(DiskMetric.MOUNT_USED_BYTES, 104857600L)
                .put(DiskMetric.MOUNT_TOTAL_BYTES, 524288000L)
                .put(DiskMetric.MOUNT_PERCENT, 20.0)
                .put(DiskMetric.MOUNT_READONLY, true)));
    m.rows(
        RecordList.INTERFACES,
        List.of(
            new Metrics.Row("eth0")
                .put(NetworkMetric.INTERFACE_BYTES_SENT, 86270014L)
                .put(NetworkMetric.INTERFACE_BYTES_RECV, 181063060L)
                .put(NetworkMetric.INTERFACE_PACKETS_SENT, 65975L)
                .put(NetworkMetric.INTERFACE_PACKETS_RECV, 99679L)
                .put(NetworkMetric.INTERFACE_ERRIN, 3L)
                .put(NetworkMetric.INTERFACE_ERROUT, 0L)
                .put(NetworkMetric.INTERFACE_DROPIN, 12L)
                .put(NetworkMetric.INTERFACE_DROPOUT, 0L),
            new Metrics.Row("lo")
                .put(NetworkMetric.INTERFACE_BYTES_SENT, 5120L)
                .put(NetworkMetric.INTERFACE_BYTES_RECV, 5120L)));
    m.rows(
        RecordList.PROBES,
        List.of(
            new Metrics.Row("127.0.0.1:9")
                .put(ProbeMetric.PROBE_PING_MS, 0.59)
                .put(ProbeMetric.PROBE_LOSS_PERCENT, 25.0)
                .put(ProbeMetric.PROBE_LATENCY_MS, 0.19)
                .put(ProbeMetric.PROBE_METHOD, "icmp")
                .put(ProbeMetric.PROBE_OK, true),
            new Metrics.Row("localhost")
                .put(ProbeMetric.PROBE_PING_MS, 1.5)
                .put(ProbeMetric.PROBE_METHOD, "tcp")
                .put(ProbeMetric.PROBE_OK, false)));
    m.put(CollectorMetric.COLLECTOR_CPU_SECONDS, 12.5)
        .put(CollectorMetric.COLLECTOR_RSS_BYTES, 58720256L)
        .put(CollectorMetric.COLLECTOR_SAMPLE_SECONDS, 0.0031)
        .rows(
            RecordList.SOURCES,
            List.of(
                new Metrics.Row("cpu")
                    .put(CollectorMetric.SOURCE_OK, true)
                    .put(CollectorMetric.SOURCE_SECONDS, 0.0004),
                new Metrics.Row("sensors")
                    .put(CollectorMetric.SOURCE_OK, false)
                    .put(CollectorMetric.SOURCE_SECONDS, 0.002)));
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

  /** The host figures of node_exporter's other collectors (issue 15), one of each kind. */
  private static void breadth(Metrics m) {
    m.put(CpuMetric.CPU_COUNT, 2L);
    m.put(SystemMetric.FILEFD_USED_PERCENT, 0.0);
    m.put(SystemMetric.LOAD_PER_CPU, 0.19);
    m.put(SystemMetric.PROCS_RUNNING, 3L);
    m.put(SystemMetric.PROCS_BLOCKED, 1L);
    m.put(SystemMetric.CONTEXT_SWITCHES, 44366628L);
    m.put(SystemMetric.INTERRUPTS, 15811184L);
    m.put(SystemMetric.FORKS, 410562L);
    m.put(SystemMetric.BOOT_TIME, 1795462400L);
    m.put(SystemMetric.TIMEX_OFFSET_SECONDS, -0.000312);
    m.put(SystemMetric.TIMEX_MAXERROR_SECONDS, 0.0255);
    m.put(SystemMetric.TIMEX_SYNC, true);
    m.put(SystemMetric.PSI_CPU_SOME_USEC, 14036781L);
    m.put(SystemMetric.PSI_MEMORY_SOME_USEC, 0L);
    m.put(SystemMetric.PSI_MEMORY_FULL_USEC, 0L);
    m.put(SystemMetric.PSI_IO_SOME_USEC, 159886802L);
    m.put(SystemMetric.PSI_IO_FULL_USEC, 159229614L);
    m.put(MemoryMetric.VMSTAT_PGFAULT, 124483981L);
    m.put(MemoryMetric.VMSTAT_PGMAJFAULT, 8436L);
    m.put(MemoryMetric.VMSTAT_PSWPIN, 0L);
    m.put(MemoryMetric.VMSTAT_PSWPOUT, 0L);
    m.put(MemoryMetric.VMSTAT_OOM_KILL, 1L);
    m.put(NetworkMetric.CONNTRACK_ENTRIES, 906L);
    m.put(NetworkMetric.CONNTRACK_LIMIT, 262144L);
    m.put(NetworkMetric.CONNTRACK_USED_PERCENT, 0.35);
    m.rows(
        RecordList.CPU_MODES,
        List.of(
            new Metrics.Row("user").put(CpuMetric.CPU_MODE_SECONDS, 11849.23),
            new Metrics.Row("idle").put(CpuMetric.CPU_MODE_SECONDS, 937.2),
            new Metrics.Row("steal").put(CpuMetric.CPU_MODE_SECONDS, 0.0)));
    m.rows(
        RecordList.BLOCK_DEVICES,
        List.of(
            new Metrics.Row("vda")
                .put(DiskMetric.DEVICE_READS, 303661L)
                .put(DiskMetric.DEVICE_READ_BYTES, 4840129536L)
                .put(DiskMetric.DEVICE_READ_MS, 178167L)
                .put(DiskMetric.DEVICE_WRITES, 607414L)
                .put(DiskMetric.DEVICE_WRITTEN_BYTES, 30133362688L)
                .put(DiskMetric.DEVICE_WRITE_MS, 881541L)
                .put(DiskMetric.DEVICE_IO_NOW, 2L)
                .put(DiskMetric.DEVICE_IO_MS, 298236L)
                .put(DiskMetric.DEVICE_IO_WEIGHTED_MS, 1288297L)));
    m.rows(
        RecordList.MD_ARRAYS,
        List.of(
            new Metrics.Row("md0")
                .put(DiskMetric.MD_STATE, "recovering")
                .put(DiskMetric.MD_DISKS_REQUIRED, 2L)
                .put(DiskMetric.MD_DISKS_ACTIVE, 1L)
                .put(DiskMetric.MD_DISKS_FAILED, 1L)
                .put(DiskMetric.MD_DISKS_SPARE, 1L)
                .put(DiskMetric.MD_BLOCKS, 195310144L)
                .put(DiskMetric.MD_BLOCKS_SYNCED, 16775552L)));
    m.rows(
        RecordList.BONDS,
        List.of(
            new Metrics.Row("bond0")
                .put(NetworkMetric.BOND_SLAVES, 2L)
                .put(NetworkMetric.BOND_ACTIVE, 1L)));
  }

  /** A record with only a timestamp and cpu_percent. */
  static FeedRecord minimal(double epoch, double cpu) {
    Metrics m = new Metrics();
    m.put(CpuMetric.CPU_PERCENT, cpu);
    m.put(CollectorMetric.TIMESTAMP, epoch);
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
