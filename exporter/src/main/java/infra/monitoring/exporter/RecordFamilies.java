package infra.monitoring.exporter;

import infra.monitoring.common.Alert;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metric;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The metric families built from one feed record: names, types, units, HELP text and how each value
 * is read from the record. Both the live {@code /metrics} endpoint and the {@code backfill} command
 * use this one list, so history and live data cannot drift apart. Values are converted to base
 * units here (ms to seconds, GHz to hertz, Mbps to bytes per second, percent loss to a ratio); a
 * null in the record gives no sample.
 */
final class RecordFamilies {

  /** Family type; counter names are given without the {@code _total} suffix. */
  enum Type {
    GAUGE,
    COUNTER,
    STATESET
  }

  /** One sample: label values in the family's label order, and the value. */
  record Sample(List<String> labelValues, double value) {}

  /** Collects the samples of one family from a record. */
  interface Extractor extends BiConsumer<FeedRecord, SampleSink> {}

  /** Receives samples; a later sample with the same label values as an earlier one is dropped. */
  static final class SampleSink {
    private final Map<List<String>, Sample> samples = new LinkedHashMap<>();

    /** Adds a sample; a null or non-finite value adds nothing (the series is absent). */
    void add(Double value, String... labelValues) {
      if (value == null || !Double.isFinite(value)) {
        return;
      }
      List<String> key = List.of(labelValues);
      samples.putIfAbsent(key, new Sample(key, value));
    }

    List<Sample> samples() {
      return new ArrayList<>(samples.values());
    }
  }

  /**
   * A family.
   *
   * @param name Prometheus name (for counters without {@code _total})
   * @param unit base unit the name ends with, or null
   */
  record Family(
      String name,
      Type type,
      String unit,
      String help,
      List<String> labelNames,
      String source,
      Extractor extractor) {

    /** The samples of this family in the record, de-duplicated by label values. */
    List<Sample> samples(FeedRecord r) {
      SampleSink sink = new SampleSink();
      extractor.accept(r, sink);
      return sink.samples();
    }

    /** The name a sample line starts with. */
    String sampleName() {
      return type == Type.COUNTER ? name + "_total" : name;
    }
  }

  static final String STATE_LABEL = "monitoring_state";

  private static final double MS = 1e-3;

  /** Every family, in exposition order. */
  static final List<Family> ALL = build();

  private RecordFamilies() {}

  private static List<Family> build() {
    List<Family> f = new ArrayList<>();
    f.add(
        scalar(
            "monitoring_cpu_percent",
            null,
            "CPU use of the host over the collector's sample, percent of all cores (0-100).",
            Metric.CPU_PERCENT,
            1));
    f.add(
        scalar(
            "monitoring_cpu_frequency_hertz",
            "hertz",
            "Current CPU frequency of the host in hertz (record: cpu_freq_ghz).",
            Metric.CPU_FREQ_GHZ,
            1e9));
    f.add(scalar("monitoring_load1", null, "1-minute load average.", Metric.LOAD_1, 1));
    f.add(scalar("monitoring_load5", null, "5-minute load average.", Metric.LOAD_5, 1));
    f.add(scalar("monitoring_load15", null, "15-minute load average.", Metric.LOAD_15, 1));
    f.add(
        scalar(
            "monitoring_memory_used_bytes",
            "bytes",
            "Memory in use on the host in bytes.",
            Metric.MEMORY_USED_BYTES,
            1));
    f.add(
        scalar(
            "monitoring_memory_total_bytes",
            "bytes",
            "Total memory of the host in bytes.",
            Metric.MEMORY_TOTAL_BYTES,
            1));
    f.add(
        scalar(
            "monitoring_memory_percent",
            null,
            "Memory in use on the host, percent (0-100).",
            Metric.MEMORY_PERCENT,
            1));
    f.add(
        scalar(
            "monitoring_swap_used_bytes",
            "bytes",
            "Swap in use on the host in bytes.",
            Metric.SWAP_USED_BYTES,
            1));
    f.add(
        scalar(
            "monitoring_swap_total_bytes",
            "bytes",
            "Total swap of the host in bytes.",
            Metric.SWAP_TOTAL_BYTES,
            1));
    f.add(
        new Family(
            "monitoring_disk_used_bytes",
            Type.GAUGE,
            "bytes",
            "Bytes used on a filesystem.",
            List.of("mountpoint"),
            "disks[].used_bytes",
            (r, s) -> r.metrics().disks().forEach(d -> s.add(toDouble(d.usedBytes()), d.mount()))));
    f.add(
        new Family(
            "monitoring_disk_total_bytes",
            Type.GAUGE,
            "bytes",
            "Size of a filesystem in bytes.",
            List.of("mountpoint"),
            "disks[].total_bytes",
            (r, s) ->
                r.metrics().disks().forEach(d -> s.add(toDouble(d.totalBytes()), d.mount()))));
    f.add(
        new Family(
            "monitoring_disk_percent",
            Type.GAUGE,
            null,
            "Space used on a filesystem, percent (0-100).",
            List.of("mountpoint"),
            "disks[].percent",
            (r, s) -> r.metrics().disks().forEach(d -> s.add(d.percent(), d.mount()))));
    f.add(
        new Family(
            "monitoring_network_receive_bytes",
            Type.COUNTER,
            "bytes",
            "Bytes received on a network interface since it came up.",
            List.of("interface"),
            "interfaces[].bytes_recv",
            (r, s) ->
                r.metrics().interfaces().forEach(i -> s.add(toDouble(i.bytesRecv()), i.name()))));
    f.add(
        new Family(
            "monitoring_network_transmit_bytes",
            Type.COUNTER,
            "bytes",
            "Bytes sent on a network interface since it came up.",
            List.of("interface"),
            "interfaces[].bytes_sent",
            (r, s) ->
                r.metrics().interfaces().forEach(i -> s.add(toDouble(i.bytesSent()), i.name()))));
    f.add(
        scalar(
            "monitoring_network_receive_bytes_per_second",
            null,
            "Host receive rate over the collector's interval, bytes per second (record:"
                + " net_in_mbps).",
            Metric.NET_IN_MBPS,
            1e6 / 8));
    f.add(
        scalar(
            "monitoring_network_transmit_bytes_per_second",
            null,
            "Host transmit rate over the collector's interval, bytes per second (record:"
                + " net_out_mbps).",
            Metric.NET_OUT_MBPS,
            1e6 / 8));
    f.add(
        new Family(
            "monitoring_ping_rtt_seconds",
            Type.GAUGE,
            "seconds",
            "Round trip to a probe target in seconds; method is icmp, or tcp when ICMP was not"
                + " available and a TCP connect stood in.",
            List.of("target", "method"),
            "probes[].ping_ms",
            (r, s) ->
                r.metrics()
                    .probes()
                    .forEach(
                        p ->
                            s.add(
                                scale(p.pingMs(), MS),
                                p.target(),
                                p.method() == null ? "unknown" : p.method()))));
    f.add(
        new Family(
            "monitoring_ping_loss_ratio",
            Type.GAUGE,
            null,
            "Share of ping packets lost to a probe target (0-1).",
            List.of("target"),
            "probes[].ping_loss_percent",
            (r, s) ->
                r.metrics()
                    .probes()
                    .forEach(p -> s.add(scale(p.lossPercent(), 0.01), p.target()))));
    f.add(
        new Family(
            "monitoring_tcp_connect_seconds",
            Type.GAUGE,
            "seconds",
            "Time to open a TCP connection to a probe target in seconds.",
            List.of("target"),
            "probes[].latency_ms",
            (r, s) ->
                r.metrics().probes().forEach(p -> s.add(scale(p.latencyMs(), MS), p.target()))));
    f.add(
        scalar(
            "monitoring_temperature_celsius",
            "celsius",
            "Host CPU temperature in degrees Celsius.",
            Metric.TEMPERATURE,
            1));
    f.add(
        new Family(
            STATE_LABEL,
            Type.STATESET,
            null,
            "Host state: the worst severity over all metrics with thresholds (1 for the current"
                + " state).",
            List.of(STATE_LABEL),
            "state",
            (r, s) -> {
              Severity current = r.severity();
              for (Severity v : Severity.values()) {
                s.add(v == current ? 1.0 : 0.0, v.name());
              }
            }));
    f.add(
        new Family(
            "monitoring_alert",
            Type.GAUGE,
            null,
            "1 for each metric at or over its warning threshold, with the level reached.",
            List.of("metric", "level"),
            "alerts[]",
            (r, s) -> {
              for (Alert a : r.alerts()) {
                s.add(1.0, a.name(), a.level().name());
              }
            }));
    f.add(
        new Family(
            "monitoring_last_sample_timestamp_seconds",
            Type.GAUGE,
            "seconds",
            "When the served record was sampled, Unix time in seconds.",
            List.of(),
            "metrics.timestamp",
            (r, s) -> s.add(r.epochSeconds())));
    f.add(
        collector(
            "monitoring_collector_cpu_seconds",
            Type.COUNTER,
            "seconds",
            "CPU time used by the collector process since it started, in seconds.",
            "collector.cpu_seconds",
            (c, s) -> s.add(c.cpuSeconds())));
    f.add(
        collector(
            "monitoring_collector_resident_memory_bytes",
            Type.GAUGE,
            "bytes",
            "Resident memory of the collector process in bytes.",
            "collector.rss_bytes",
            (c, s) -> s.add(toDouble(c.rssBytes()))));
    f.add(
        collector(
            "monitoring_collector_sample_duration_seconds",
            Type.GAUGE,
            "seconds",
            "Wall time the collector spent taking the served sample, in seconds.",
            "collector.sample_seconds",
            (c, s) -> s.add(c.sampleSeconds())));
    f.add(
        new Family(
            "monitoring_collector_source_success",
            Type.GAUGE,
            null,
            "1 when a collector source succeeded in the served sample, 0 when it failed.",
            List.of("source"),
            "collector.sources[].ok",
            (r, s) -> {
              Metrics.CollectorStats c = r.metrics().collector();
              if (c != null) {
                c.sources().forEach(src -> s.add(src.ok() ? 1.0 : 0.0, src.name()));
              }
            }));
    f.add(
        new Family(
            "monitoring_collector_source_duration_seconds",
            Type.GAUGE,
            "seconds",
            "Time a collector source took in the served sample, in seconds.",
            List.of("source"),
            "collector.sources[].seconds",
            (r, s) -> {
              Metrics.CollectorStats c = r.metrics().collector();
              if (c != null) {
                c.sources().forEach(src -> s.add(src.seconds(), src.name()));
              }
            }));
    f.add(
        scalar(
            "monitoring_net_today_bytes",
            "bytes",
            "Bytes sent and received by the host today (local day), as counted by the collector.",
            Metric.NET_TODAY_BYTES,
            1));
    f.add(
        scalar(
            "monitoring_net_learned_limit_bytes",
            "bytes",
            "Daily network volume the collector has learned as normal for this host, in bytes.",
            Metric.NET_LEARNED_LIMIT_BYTES,
            1));
    f.add(
        new Family(
            "monitoring_critical_since_timestamp_seconds",
            Type.GAUGE,
            "seconds",
            "For each metric critical now: since when, Unix time in seconds.",
            List.of("metric"),
            "critical_since",
            (r, s) -> {
              if (r.extra().get("critical_since") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> s.add(number(v), String.valueOf(k)));
              }
            }));
    f.add(
        new Family(
            "monitoring_treatment_attempts",
            Type.COUNTER,
            null,
            "Treatment attempts by action since the collector started; mode is off, dry-run or"
                + " on.",
            List.of("action", "mode"),
            "treatments.attempts",
            (r, s) -> {
              if (r.extra().get("treatments") instanceof Map<?, ?> t
                  && t.get("attempts") instanceof Map<?, ?> attempts) {
                String mode = t.get("mode") instanceof String m ? m : "unknown";
                attempts.forEach((k, v) -> s.add(number(v), String.valueOf(k), mode));
              }
            }));
    return List.copyOf(f);
  }

  private static Family scalar(String name, String unit, String help, Metric m, double factor) {
    return new Family(
        name,
        Type.GAUGE,
        unit,
        help,
        List.of(),
        "metrics." + m.key(),
        (r, s) -> s.add(scale(r.metrics().number(m), factor)));
  }

  private interface CollectorExtractor extends BiConsumer<Metrics.CollectorStats, SampleSink> {}

  private static Family collector(
      String name, Type type, String unit, String help, String source, CollectorExtractor e) {
    return new Family(
        name,
        type,
        unit,
        help,
        List.of(),
        source,
        (r, s) -> {
          Metrics.CollectorStats c = r.metrics().collector();
          if (c != null) {
            e.accept(c, s);
          }
        });
  }

  static Double scale(Double v, double factor) {
    return v == null ? null : v * factor;
  }

  static Double toDouble(Long v) {
    return v == null ? null : v.doubleValue();
  }

  private static Double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : null;
  }
}
