package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SystemMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedCodecTest {

  static Metrics sample() {
    Metrics m = new Metrics();
    m.put(CpuMetric.CPU_PERCENT, 47.6)
        .put(CpuMetric.CPU_FREQ_GHZ, 2.596134)
        .put(MemoryMetric.MEMORY_PERCENT, 1.4)
        .put(DiskMetric.DISK_PERCENT, 21.8)
        .put(MemoryMetric.MEMORY_USED_BYTES, 365207552L)
        .put(MemoryMetric.MEMORY_TOTAL_BYTES, 25276502016L)
        .put(NetworkMetric.BYTES_SENT, 86270014L)
        .put(NetworkMetric.BYTES_RECV, 181063060L)
        .put(ProbeMetric.PING_MS, 0.59)
        .put(ProbeMetric.LATENCY_MS, 0.19)
        .put(ProbeMetric.LATENCY_METHOD, "icmp")
        .put(ProbeMetric.LATENCY_ESTIMATED, false)
        .put(CollectorMetric.TIMESTAMP, 1795469671.845335)
        .put(DiskMetric.DISK_USED_BYTES, 23738204160L)
        .put(DiskMetric.DISK_TOTAL_BYTES, 270553174016L)
        .put(SystemMetric.LOAD_1, 0.38)
        .put(ProbeMetric.PING_LOSS_PERCENT, 0.0)
        .put(CpuMetric.CPU_COUNT, 2)
        .put(MemoryMetric.VMSTAT_PGMAJFAULT, 507162L)
        .put(SystemMetric.TIMEX_OFFSET_SECONDS, -0.000123)
        .put(SystemMetric.TIMEX_SYNC, true);
    m.rows(
        RecordList.DISKS,
        List.of(
            new Metrics.Row("/")
                .put(DiskMetric.MOUNT_USED_BYTES, 23738204160L)
                .put(DiskMetric.MOUNT_TOTAL_BYTES, 270553174016L)
                .put(DiskMetric.MOUNT_PERCENT, 8.77)
                .put(DiskMetric.MOUNT_READONLY, false)
                .put(DiskMetric.MOUNT_FILES, 16777216L)));
    m.rows(
        RecordList.INTERFACES,
        List.of(
            new Metrics.Row("lo")
                .put(NetworkMetric.INTERFACE_BYTES_SENT, 1000L)
                .put(NetworkMetric.INTERFACE_BYTES_RECV, 1000L)
                .put(NetworkMetric.INTERFACE_ERRIN, 3L)));
    m.rows(
        RecordList.CPU_MODES,
        List.of(new Metrics.Row("steal").put(CpuMetric.CPU_MODE_SECONDS, 12.5)));
    m.rows(
        RecordList.BLOCK_DEVICES,
        List.of(new Metrics.Row("sda").put(DiskMetric.DEVICE_IO_WEIGHTED_MS, 1206301256L)));
    m.rows(
        RecordList.MD_ARRAYS,
        List.of(new Metrics.Row("md0").put(DiskMetric.MD_STATE, "recovering")));
    m.rows(RecordList.BONDS, List.of());
    m.rows(
        RecordList.PROBES,
        List.of(
            new Metrics.Row("127.0.0.1:8000")
                .put(ProbeMetric.PROBE_PING_MS, 0.59)
                .put(ProbeMetric.PROBE_LOSS_PERCENT, 0.0)
                .put(ProbeMetric.PROBE_LATENCY_MS, 0.19)
                .put(ProbeMetric.PROBE_METHOD, "icmp")
                .put(ProbeMetric.PROBE_OK, true)));
    m.put(CollectorMetric.COLLECTOR_CPU_SECONDS, 1.25)
        .put(CollectorMetric.COLLECTOR_RSS_BYTES, 52428800L)
        .put(CollectorMetric.COLLECTOR_SAMPLE_SECONDS, 0.0009)
        .rows(
            RecordList.SOURCES,
            List.of(
                new Metrics.Row("cpu")
                    .put(CollectorMetric.SOURCE_OK, true)
                    .put(CollectorMetric.SOURCE_SECONDS, 0.0001)));
    return m;
  }

  static FeedRecord record(Metrics m, Map<String, Object> extra) {
    return new FeedRecord(
        "2026-11-23T21:34:31.852247+00:00",
        "INFO",
        "CPU 2.6GHz • 48% | RAM 1% | Ping 1 ms | Disk 22%",
        "STABLE",
        "2026-11-23T21:34:31.845335+00:00",
        m,
        "host-a",
        List.of(new Alert("cpu_percent", 47.6, Severity.WARNING)),
        extra);
  }

  @Test
  void encodesTheWholeLineInContractOrderWithPythonSeparators() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("critical_since", Map.of());
    String line = FeedCodec.encode(record(sample(), extra));
    assertThat(line)
        .isEqualTo(
            "{\"ts\": \"2026-11-23T21:34:31.852247+00:00\", \"level\": \"INFO\","
                + " \"msg\": \"CPU 2.6GHz • 48% | RAM 1% | Ping 1 ms | Disk 22%\","
                + " \"state\": \"STABLE\", \"timestamp\": \"2026-11-23T21:34:31.845335+00:00\","
                + " \"metrics\": {\"cpu_percent\": 47.6, \"cpu_freq_ghz\": 2.596134,"
                + " \"memory_percent\": 1.4, \"disk_percent\": 21.8,"
                + " \"memory_used_bytes\": 365207552, \"memory_total_bytes\": 25276502016,"
                + " \"bytes_sent\": 86270014, \"bytes_recv\": 181063060, \"ping_ms\": 0.59,"
                + " \"latency_ms\": 0.19, \"latency_method\": \"icmp\","
                + " \"latency_estimated\": false, \"temperature\": null,"
                + " \"timestamp\": 1795469671.845335, \"disk_used_bytes\": 23738204160,"
                + " \"disk_total_bytes\": 270553174016, \"load_1\": 0.38, \"load_5\": null,"
                + " \"load_15\": null, \"net_in_mbps\": null, \"net_out_mbps\": null,"
                + " \"swap_used_bytes\": null, \"swap_total_bytes\": null,"
                + " \"ping_loss_percent\": 0.0, \"net_today_bytes\": null,"
                + " \"net_learned_limit_bytes\": null, \"cpu_count\": 2, \"vmstat_pgfault\": null,"
                + " \"vmstat_pgmajfault\": 507162, \"vmstat_pswpin\": null, \"vmstat_pswpout\": null,"
                + " \"vmstat_oom_kill\": null, \"conntrack_entries\": null,"
                + " \"conntrack_limit\": null, \"conntrack_used_percent\": null,"
                + " \"filefd_allocated\": null, \"filefd_maximum\": null,"
                + " \"filefd_used_percent\": null, \"load_per_cpu\": null,"
                + " \"procs_running\": null, \"procs_blocked\": null, \"context_switches\": null,"
                + " \"interrupts\": null, \"forks\": null, \"boot_time_seconds\": null,"
                + " \"timex_offset_seconds\": -0.000123, \"timex_maxerror_seconds\": null,"
                + " \"timex_sync\": true, \"psi_cpu_some_usec\": null,"
                + " \"psi_memory_some_usec\": null, \"psi_memory_full_usec\": null,"
                + " \"psi_io_some_usec\": null, \"psi_io_full_usec\": null,"
                + " \"disks\": [{\"mount\": \"/\", \"used_bytes\": 23738204160,"
                + " \"total_bytes\": 270553174016, \"percent\": 8.77, \"avail_bytes\": null,"
                + " \"readonly\": false, \"files\": 16777216, \"files_free\": null}],"
                + " \"interfaces\": [{\"name\": \"lo\", \"bytes_sent\": 1000,"
                + " \"bytes_recv\": 1000, \"packets_sent\": null, \"packets_recv\": null,"
                + " \"errin\": 3, \"errout\": null, \"dropin\": null, \"dropout\": null}],"
                + " \"probes\": [{\"target\": \"127.0.0.1:8000\", \"ping_ms\": 0.59,"
                + " \"ping_loss_percent\": 0.0, \"latency_ms\": 0.19,"
                + " \"latency_method\": \"icmp\", \"ok\": true}],"
                + " \"cpu_modes\": [{\"mode\": \"steal\", \"seconds\": 12.5}],"
                + " \"block_devices\": [{\"device\": \"sda\", \"reads_completed\": null,"
                + " \"read_bytes\": null, \"read_ms\": null, \"writes_completed\": null,"
                + " \"written_bytes\": null, \"write_ms\": null, \"io_now\": null,"
                + " \"io_ms\": null, \"io_weighted_ms\": 1206301256}],"
                + " \"md_arrays\": [{\"device\": \"md0\", \"state\": \"recovering\","
                + " \"disks_required\": null, \"disks_active\": null, \"disks_failed\": null,"
                + " \"disks_spare\": null, \"blocks\": null, \"blocks_synced\": null}],"
                + " \"bonds\": [],"
                + " \"collector\": {\"cpu_seconds\": 1.25, \"rss_bytes\": 52428800,"
                + " \"sample_seconds\": 0.0009, \"sources\": [{\"name\": \"cpu\", \"ok\": true,"
                + " \"seconds\": 0.0001}]}},"
                + " \"host\": \"host-a\","
                + " \"alerts\": [{\"name\": \"cpu_percent\", \"value\": 47.6,"
                + " \"level\": \"WARNING\"}], \"critical_since\": {}}");
    assertThat(line).doesNotContain("\n");
  }

  @Test
  void roundTripsEveryField() throws Exception {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("critical_since", Map.of("cpu_percent", 1795469600.5));
    FeedRecord r = record(sample(), extra);
    FeedRecord back = FeedCodec.decode(FeedCodec.encode(r));
    assertThat(back).isEqualTo(r);
    assertThat(back.epochSeconds()).isEqualTo(1795469671.845335);
    assertThat(back.severity()).isEqualTo(Severity.STABLE);
  }

  @Test
  void emptyMetricsStillWriteEveryKeyAsNullAndUnavailableListsAsNull() throws Exception {
    Metrics m =
        new Metrics().put(CollectorMetric.TIMESTAMP, 1.0).rows(RecordList.PROBES, List.of());
    String line = FeedCodec.encode(record(m, null));
    for (Metric k : Metric.of(Metric.Section.METRICS, null)) {
      assertThat(line).contains("\"" + k.key() + "\": ");
    }
    assertThat(line)
        .contains("\"cpu_percent\": null")
        .contains(
            "\"disks\": null, \"interfaces\": null, \"probes\": [], \"cpu_modes\": null,"
                + " \"block_devices\": null, \"md_arrays\": null, \"bonds\": null,"
                + " \"collector\": null");
    Metrics back = FeedCodec.decode(line).metrics();
    assertThat(back.number(CpuMetric.CPU_PERCENT)).isNull();
    assertThat(back.rows(RecordList.DISKS)).isNull();
    assertThat(back.rows(RecordList.PROBES)).isEmpty();
  }

  @Test
  void unknownKeysAreSkippedAndCollectorFieldsRoundTrip() throws Exception {
    String line =
        "{\"x\": [{}, {\"y\": [1, 2, {\"z\": NaN}]}], \"metrics\": {\"timestamp\": 5,"
            + " \"new_key\": {\"a\": [1]}, \"collector\": {\"cpu_seconds\": 1.5, \"sources\":"
            + " [{\"name\": \"cpu\", \"ok\": false, \"seconds\": 0.1, \"extra\": {}}, {\"ok\":"
            + " true}]}}, \"treatments\": {\"mode\": \"off\"}}";
    FeedRecord r = FeedCodec.decode(line);
    assertThat(r.extra()).containsOnlyKeys("treatments");
    assertThat(r.metrics().number(CollectorMetric.COLLECTOR_CPU_SECONDS)).isEqualTo(1.5);
    assertThat(r.metrics().rows(RecordList.SOURCES))
        .containsExactly(
            new Metrics.Row("cpu")
                .put(CollectorMetric.SOURCE_OK, false)
                .put(CollectorMetric.SOURCE_SECONDS, 0.1));
  }

  @Test
  void decimalsAreWrittenInPlainNotation() {
    Metrics m =
        new Metrics()
            .put(CollectorMetric.TIMESTAMP, 1.795469671845335E9)
            .put(SystemMetric.LOAD_1, 1e-7);
    String line = FeedCodec.encode(record(m, null));
    assertThat(line).contains("\"timestamp\": 1795469671.845335").doesNotContain("E9");
    assertThat(line).contains("\"load_1\": 0.0000001");
    assertThat(FeedCodec.plain(0.0009)).isEqualTo("0.0009");
    assertThat(FeedCodec.plain(48.0)).isEqualTo("48.0");
    assertThat(FeedCodec.plain(1e18)).isEqualTo("1000000000000000000.0");
    assertThat(FeedCodec.plain(-2.5e-5)).isEqualTo("-0.000025");
  }

  @Test
  void readsTheOriginalsRecordsAndIntegralFloats() throws Exception {
    String python =
        "{\"ts\": \"2026-11-23T21:34:31.852247+00:00\", \"level\": \"INFO\", \"msg\": \"x\","
            + " \"state\": \"WARNING\", \"timestamp\": \"2026-11-23T21:34:31.846864+00:00\","
            + " \"metrics\": {\"cpu_percent\": 47.6, \"memory_used_bytes\": 3.6e8,"
            + " \"latency_method\": \"tcp\", \"latency_estimated\": true,"
            + " \"timestamp\": 1795469671.845335}}\n";
    FeedRecord r = FeedCodec.decode(python);
    assertThat(r.metrics().integer(MemoryMetric.MEMORY_USED_BYTES)).isEqualTo(360000000L);
    assertThat(r.metrics().bool(ProbeMetric.LATENCY_ESTIMATED)).isTrue();
    assertThat(r.host()).isNull();
    assertThat(r.alerts()).isEmpty();
  }

  @Test
  void mistypedValuesReadAsNullInsteadOfFailingTheRecord() throws Exception {
    FeedRecord r =
        FeedCodec.decode(
            "{\"metrics\": {\"cpu_percent\": \"high\", \"bytes_sent\": 1.5, \"timestamp\": 5}}");
    assertThat(r.metrics().number(CpuMetric.CPU_PERCENT)).isNull();
    assertThat(r.metrics().integer(NetworkMetric.BYTES_SENT)).isNull();
    assertThat(r.epochSeconds()).isEqualTo(5.0);
  }

  @Test
  void topLevelTimestampIsEnoughWhenMetricsHaveNone() throws Exception {
    FeedRecord r =
        FeedCodec.decode("{\"timestamp\": \"2026-11-23T21:34:31.5+00:00\", \"metrics\": {}}");
    assertThat(r.epochSeconds()).isEqualTo(1795469671.5);
  }

  @Test
  void refusesNonRecordsWithAReason() {
    assertReason("", FeedFormatException.Reason.EMPTY);
    assertReason("   ", FeedFormatException.Reason.EMPTY);
    assertReason("{\"ts\": \"2026-11-23T21:3", FeedFormatException.Reason.INVALID_JSON);
    assertReason("[1, 2]", FeedFormatException.Reason.NOT_OBJECT);
    assertReason("42", FeedFormatException.Reason.NOT_OBJECT);
    assertReason("{\"ts\": \"x\"}", FeedFormatException.Reason.NO_METRICS);
    assertReason("{\"metrics\": [1]}", FeedFormatException.Reason.NO_METRICS);
    assertReason("{\"metrics\": {\"cpu_percent\": 1}}", FeedFormatException.Reason.NO_TIMESTAMP);
    assertReason(
        "{\"metrics\": {\"cpu_percent\": NaN, \"timestamp\": 1}}",
        FeedFormatException.Reason.NON_FINITE);
    assertReason(
        "{\"metrics\": {\"disks\": [{\"percent\": -Infinity}], \"timestamp\": 1}}",
        FeedFormatException.Reason.NON_FINITE);
    assertReason(
        "{\"metrics\": {}, \"x\": \"" + "a".repeat(300_000) + "\"}",
        FeedFormatException.Reason.TOO_LONG);
  }

  private static void assertReason(String line, FeedFormatException.Reason reason) {
    assertThatThrownBy(() -> FeedCodec.decode(line))
        .isInstanceOf(FeedFormatException.class)
        .extracting(e -> ((FeedFormatException) e).reason())
        .isEqualTo(reason);
  }

  @Test
  void metricsRejectValuesOfTheWrongKindAndDropNonFinite() {
    Metrics m = new Metrics();
    assertThatThrownBy(() -> m.put(NetworkMetric.BYTES_SENT, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.put(ProbeMetric.LATENCY_METHOD, 3))
        .isInstanceOf(IllegalArgumentException.class);
    m.put(CpuMetric.CPU_PERCENT, Double.NaN);
    assertThat(m.get(CpuMetric.CPU_PERCENT)).isNull();
  }
}
