package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metric;
import infra.monitoring.exporter.RecordFamilies.Family;
import infra.monitoring.exporter.RecordFamilies.Type;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Python original's metric names, served in addition to the new ones when {@code
 * MONITORING_EXPORTER_LEGACY_NAMES=true}, so that dashboards built on the original keep working.
 * Values are the original's units, read from the record; the {@code process_*} names describe the
 * exporter's own process, as in the original (whose /metrics server measured itself). Sentinels are
 * gone: an unavailable value is an absent series, not 0 or -1. Names the new set already serves
 * ({@code monitoring_cpu_percent}, {@code monitoring_memory_*}, {@code monitoring_disk_*}) are not
 * repeated.
 */
final class LegacyNames {

  /** Record-derived legacy families. */
  static final List<Family> RECORD = build();

  private LegacyNames() {}

  private static List<Family> build() {
    List<Family> f = new ArrayList<>();
    f.add(metric("monitoring_cpu_freq_ghz", "monitoring_cpu_frequency_hertz", Metric.CPU_FREQ_GHZ));
    f.add(
        metric(
            "monitoring_bytes_sent", "monitoring_network_transmit_bytes_total", Metric.BYTES_SENT));
    f.add(
        metric(
            "monitoring_bytes_recv", "monitoring_network_receive_bytes_total", Metric.BYTES_RECV));
    f.add(metric("monitoring_ping_ms", "monitoring_ping_rtt_seconds", Metric.PING_MS));
    f.add(metric("monitoring_latency_ms", "monitoring_tcp_connect_seconds", Metric.LATENCY_MS));
    f.add(
        legacy(
            "monitoring_latency_estimated",
            "the method label of monitoring_ping_rtt_seconds",
            r -> {
              Boolean b = r.metrics().bool(Metric.LATENCY_ESTIMATED);
              return b == null ? null : b ? 1.0 : 0.0;
            }));
    f.add(metric("monitoring_temperature", "monitoring_temperature_celsius", Metric.TEMPERATURE));
    f.add(
        legacy(
            "monitoring_timestamp",
            "monitoring_last_sample_timestamp_seconds",
            FeedRecord::epochSeconds));
    f.add(metric("monitoring_load_1", "monitoring_load1", Metric.LOAD_1));
    f.add(metric("monitoring_load_5", "monitoring_load5", Metric.LOAD_5));
    f.add(metric("monitoring_load_15", "monitoring_load15", Metric.LOAD_15));
    f.add(metric("monitoring_cpu_temp_c", "monitoring_temperature_celsius", Metric.TEMPERATURE));
    f.add(
        metric(
            "monitoring_net_in_mbps",
            "monitoring_network_receive_bytes_per_second",
            Metric.NET_IN_MBPS));
    f.add(
        metric(
            "monitoring_net_out_mbps",
            "monitoring_network_transmit_bytes_per_second",
            Metric.NET_OUT_MBPS));
    return List.copyOf(f);
  }

  private static Family metric(String name, String replacement, Metric m) {
    return legacy(name, replacement, r -> r.metrics().number(m));
  }

  private static Family legacy(
      String name, String replacement, Function<FeedRecord, Double> value) {
    return new Family(
        name,
        Type.GAUGE,
        null,
        "Legacy name from the Python original; use " + replacement + ".",
        List.of(),
        "",
        (r, s) -> s.add(value.apply(r)));
  }

  /** {@code process_*} values of this process, read at scrape time. */
  record ProcessValues(Double rssBytes, double threads, Double fds, double uptimeSeconds) {}

  static ProcessValues process() {
    Double fds = null;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean u) {
      fds = (double) u.getOpenFileDescriptorCount();
    }
    return new ProcessValues(
        rssBytes(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        fds,
        ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
  }

  private static Double rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Double.parseDouble(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc unavailable: the series is absent.
    }
    return null;
  }
}
