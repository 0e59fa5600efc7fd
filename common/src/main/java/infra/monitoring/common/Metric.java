package infra.monitoring.common;

import static infra.monitoring.common.Declaration.collector;
import static infra.monitoring.common.Declaration.in;
import static infra.monitoring.common.Declaration.top;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every value of the feed record's {@code metrics}, declared once: its JSON key and type, where it
 * sits (a scalar of {@code metrics} or {@code metrics.collector}, or a field of each row of a
 * {@link RecordList}), whether it is a percentage, its default thresholds, how the exporter serves
 * it ({@link Export}) and the original's names for it. The codec, the exporter's families, the
 * backfill, the thresholds and the docs' tables all read these declarations. Within its container,
 * values are written in declaration order: the first sixteen scalars are the original's keys, with
 * the original's names, units and meanings.
 */
public enum Metric {
  CPU_PERCENT(
      "cpu_percent",
      Kind.NUMBER,
      top()
          .percent()
          .thresholds(75, 90)
          .gauge(
              "monitoring_cpu_percent",
              null,
              "CPU use of the host over the collector's sample, percent of all cores (0-100).")),
  CPU_FREQ_GHZ(
      "cpu_freq_ghz",
      Kind.NUMBER,
      top()
          .gauge(
              "monitoring_cpu_frequency_hertz",
              "hertz",
              "Current CPU frequency of the host in hertz (record: cpu_freq_ghz).")
          .scale(1e9)
          .legacy("monitoring_cpu_freq_ghz", "monitoring_cpu_frequency_hertz")),
  MEMORY_PERCENT(
      "memory_percent",
      Kind.NUMBER,
      top()
          .percent()
          .thresholds(75, 90)
          .gauge("monitoring_memory_percent", null, "Memory in use on the host, percent (0-100).")),
  DISK_PERCENT("disk_percent", Kind.NUMBER, top().percent().thresholds(80, 95)),
  MEMORY_USED_BYTES(
      "memory_used_bytes",
      Kind.INTEGER,
      top().gauge("monitoring_memory_used_bytes", "bytes", "Memory in use on the host in bytes.")),
  MEMORY_TOTAL_BYTES(
      "memory_total_bytes",
      Kind.INTEGER,
      top().gauge("monitoring_memory_total_bytes", "bytes", "Total memory of the host in bytes.")),
  BYTES_SENT(
      "bytes_sent",
      Kind.INTEGER,
      top().legacy("monitoring_bytes_sent", "monitoring_network_transmit_bytes_total")),
  BYTES_RECV(
      "bytes_recv",
      Kind.INTEGER,
      top().legacy("monitoring_bytes_recv", "monitoring_network_receive_bytes_total")),
  PING_MS(
      "ping_ms",
      Kind.NUMBER,
      top().thresholds(100, 500).legacy("monitoring_ping_ms", "monitoring_ping_rtt_seconds")),
  LATENCY_MS(
      "latency_ms",
      Kind.NUMBER,
      top().thresholds(100, 250).legacy("monitoring_latency_ms", "monitoring_tcp_connect_seconds")),
  LATENCY_METHOD("latency_method", Kind.TEXT, top()),
  LATENCY_ESTIMATED(
      "latency_estimated",
      Kind.BOOLEAN,
      top()
          .legacy(
              "monitoring_latency_estimated", "the method label of monitoring_ping_rtt_seconds")),
  TEMPERATURE(
      "temperature",
      Kind.NUMBER,
      top()
          .thresholds(70, 85)
          .gauge(
              "monitoring_temperature_celsius",
              "celsius",
              "Host CPU temperature in degrees Celsius.")
          .legacy("monitoring_temperature", "monitoring_temperature_celsius")
          .legacy("monitoring_cpu_temp_c", "monitoring_temperature_celsius")),
  TIMESTAMP("timestamp", Kind.NUMBER, top()),
  DISK_USED_BYTES("disk_used_bytes", Kind.INTEGER, top()),
  DISK_TOTAL_BYTES("disk_total_bytes", Kind.INTEGER, top()),
  LOAD_1(
      "load_1",
      Kind.NUMBER,
      top()
          .gauge("monitoring_load1", null, "1-minute load average.")
          .legacy("monitoring_load_1", "monitoring_load1")),
  LOAD_5(
      "load_5",
      Kind.NUMBER,
      top()
          .gauge("monitoring_load5", null, "5-minute load average.")
          .legacy("monitoring_load_5", "monitoring_load5")),
  LOAD_15(
      "load_15",
      Kind.NUMBER,
      top()
          .gauge("monitoring_load15", null, "15-minute load average.")
          .legacy("monitoring_load_15", "monitoring_load15")),
  NET_IN_MBPS(
      "net_in_mbps",
      Kind.NUMBER,
      top()
          .gauge(
              "monitoring_network_receive_bytes_per_second",
              null,
              "Host receive rate over the collector's interval, bytes per second (record:"
                  + " net_in_mbps).")
          .scale(1e6 / 8)
          .legacy("monitoring_net_in_mbps", "monitoring_network_receive_bytes_per_second")),
  NET_OUT_MBPS(
      "net_out_mbps",
      Kind.NUMBER,
      top()
          .gauge(
              "monitoring_network_transmit_bytes_per_second",
              null,
              "Host transmit rate over the collector's interval, bytes per second (record:"
                  + " net_out_mbps).")
          .scale(1e6 / 8)
          .legacy("monitoring_net_out_mbps", "monitoring_network_transmit_bytes_per_second")),
  SWAP_USED_BYTES(
      "swap_used_bytes",
      Kind.INTEGER,
      top().gauge("monitoring_swap_used_bytes", "bytes", "Swap in use on the host in bytes.")),
  SWAP_TOTAL_BYTES(
      "swap_total_bytes",
      Kind.INTEGER,
      top().gauge("monitoring_swap_total_bytes", "bytes", "Total swap of the host in bytes.")),
  PING_LOSS_PERCENT("ping_loss_percent", Kind.NUMBER, top().percent().thresholds(2, 5)),
  NET_TODAY_BYTES(
      "net_today_bytes",
      Kind.INTEGER,
      top()
          .gauge(
              "monitoring_net_today_bytes",
              "bytes",
              "Bytes sent and received by the host today (local day), as counted by the"
                  + " collector.")),
  NET_LEARNED_LIMIT_BYTES(
      "net_learned_limit_bytes",
      Kind.INTEGER,
      top()
          .gauge(
              "monitoring_net_learned_limit_bytes",
              "bytes",
              "Daily network volume the collector has learned as normal for this host, in"
                  + " bytes.")),

  MOUNT_USED_BYTES(
      "used_bytes",
      Kind.INTEGER,
      in(RecordList.DISKS)
          .gauge("monitoring_disk_used_bytes", "bytes", "Bytes used on a filesystem.")),
  MOUNT_TOTAL_BYTES(
      "total_bytes",
      Kind.INTEGER,
      in(RecordList.DISKS)
          .gauge("monitoring_disk_total_bytes", "bytes", "Size of a filesystem in bytes.")),
  MOUNT_PERCENT(
      "percent",
      Kind.NUMBER,
      in(RecordList.DISKS)
          .percent()
          .gauge("monitoring_disk_percent", null, "Space used on a filesystem, percent (0-100).")),

  INTERFACE_BYTES_SENT(
      "bytes_sent",
      Kind.INTEGER,
      in(RecordList.INTERFACES)
          .counter(
              "monitoring_network_transmit_bytes",
              "bytes",
              "Bytes sent on a network interface since it came up.")),
  INTERFACE_BYTES_RECV(
      "bytes_recv",
      Kind.INTEGER,
      in(RecordList.INTERFACES)
          .counter(
              "monitoring_network_receive_bytes",
              "bytes",
              "Bytes received on a network interface since it came up.")),

  PROBE_PING_MS(
      "ping_ms",
      Kind.NUMBER,
      in(RecordList.PROBES)
          .gauge(
              "monitoring_ping_rtt_seconds",
              "seconds",
              "Round trip to a probe target in seconds; method is icmp, or tcp when ICMP was not"
                  + " available and a TCP connect stood in.")
          .scale(1e-3)
          .labelFrom("method", "latency_method", "unknown")),
  PROBE_LOSS_PERCENT(
      "ping_loss_percent",
      Kind.NUMBER,
      in(RecordList.PROBES)
          .percent()
          .gauge(
              "monitoring_ping_loss_ratio",
              null,
              "Share of ping packets lost to a probe target (0-1).")
          .scale(0.01)),
  PROBE_LATENCY_MS(
      "latency_ms",
      Kind.NUMBER,
      in(RecordList.PROBES)
          .gauge(
              "monitoring_tcp_connect_seconds",
              "seconds",
              "Time to open a TCP connection to a probe target in seconds.")
          .scale(1e-3)),
  PROBE_METHOD("latency_method", Kind.TEXT, in(RecordList.PROBES)),
  PROBE_OK(
      "ok",
      Kind.BOOLEAN,
      in(RecordList.PROBES)
          .gauge(
              "monitoring_probe_success",
              null,
              "1 when the probe target's port accepted a TCP connection in the latest probe, 0"
                  + " when the connection was refused, unreachable or timed out.")),

  COLLECTOR_CPU_SECONDS(
      "cpu_seconds",
      Kind.NUMBER,
      collector()
          .counter(
              "monitoring_collector_cpu_seconds",
              "seconds",
              "CPU time used by the collector process since it started, in seconds.")),
  COLLECTOR_RSS_BYTES(
      "rss_bytes",
      Kind.INTEGER,
      collector()
          .gauge(
              "monitoring_collector_resident_memory_bytes",
              "bytes",
              "Resident memory of the collector process in bytes.")),
  COLLECTOR_SAMPLE_SECONDS(
      "sample_seconds",
      Kind.NUMBER,
      collector()
          .gauge(
              "monitoring_collector_sample_duration_seconds",
              "seconds",
              "Wall time the collector spent taking the served sample, in seconds.")),

  SOURCE_OK(
      "ok",
      Kind.BOOLEAN,
      in(RecordList.SOURCES)
          .gauge(
              "monitoring_collector_source_success",
              null,
              "1 when a collector source succeeded in the served sample, 0 when it failed.")),
  SOURCE_SECONDS(
      "seconds",
      Kind.NUMBER,
      in(RecordList.SOURCES)
          .gauge(
              "monitoring_collector_source_duration_seconds",
              "seconds",
              "Time a collector source took in the served sample, in seconds."));

  /** JSON value type of a key. */
  public enum Kind {
    NUMBER,
    INTEGER,
    TEXT,
    BOOLEAN
  }

  /** The JSON object a scalar belongs to: {@code metrics} or {@code metrics.collector}. */
  public enum Section {
    METRICS,
    COLLECTOR
  }

  private final String key;
  private final Kind kind;
  private final Declaration d;

  Metric(String key, Kind kind, Declaration declaration) {
    this.key = key;
    this.kind = kind;
    this.d = declaration;
  }

  /** The JSON key, for example {@code cpu_percent}. */
  public String key() {
    return key;
  }

  public Kind kind() {
    return kind;
  }

  public Section section() {
    return d.section;
  }

  /** The list whose rows hold this field, or null for a scalar. */
  public RecordList list() {
    return d.list;
  }

  /** True for a scalar of the {@code metrics} object itself. */
  public boolean isTopLevel() {
    return d.list == null && d.section == Section.METRICS;
  }

  /** True for metrics measured in percent, whose thresholds must lie within 0..100. */
  public boolean isPercent() {
    return d.percent;
  }

  public boolean isNumeric() {
    return kind == Kind.NUMBER || kind == Kind.INTEGER;
  }

  /** The default thresholds, or null when the metric has none unless the user sets them. */
  public Thresholds.Level defaultThresholds() {
    return d.thresholds;
  }

  /** How the exporter serves it, or null when it is not served under a new name. */
  public Export export() {
    return d.export;
  }

  /** The original's names for it, served with legacy names on. */
  public List<Export.Legacy> legacy() {
    return List.copyOf(d.legacy);
  }

  /** The scalars of one section, or the fields of one list, in declaration order. */
  public static List<Metric> of(Section section, RecordList list) {
    return list != null ? BY_LIST.get(list) : BY_SECTION.get(section);
  }

  private static final Map<Section, List<Metric>> BY_SECTION = new EnumMap<>(Section.class);
  private static final Map<RecordList, List<Metric>> BY_LIST = new EnumMap<>(RecordList.class);

  static {
    for (Section s : Section.values()) {
      BY_SECTION.put(s, select(s, null));
    }
    for (RecordList l : RecordList.values()) {
      BY_LIST.put(l, select(l.section(), l));
    }
  }

  private static List<Metric> select(Section section, RecordList list) {
    List<Metric> out = new ArrayList<>();
    for (Metric m : values()) {
      if (m.d.section == section && m.d.list == list) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  /** Finds a top-level scalar by its JSON key, case-insensitively. */
  public static Optional<Metric> byKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (Metric m : values()) {
      if (m.isTopLevel() && m.key.equals(k)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Finds a field of a list by its JSON key, or null. */
  static Metric field(RecordList list, String key) {
    for (Metric m : BY_LIST.get(list)) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    return null;
  }
}
