package infra.monitoring.common;

import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.SensorMetric;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The human summaries of a sample: the short line used as the record's {@code msg} and printed with
 * {@code -v}, and the long block printed with {@code -vv} and used by the hourly summary. Layout of
 * the original, labels in English. Numbers round half-to-even on the exact value, as Python's
 * {@code round} and {@code format} do (Java's {@code Math.round} rounds halves up).
 */
public final class Summaries {
  /** The short line when no part has a value. */
  public static final String NO_DATA = "No data";

  static final String UNAVAILABLE = "unavailable";
  private static final double GIB = 1024.0 * 1024 * 1024;
  private static final double MIB = 1024.0 * 1024;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Summaries() {}

  /** {@code CPU 2.6GHz • 48% | RAM 41% | Ping 13 ms | Disk 22%}; a part is left out when null. */
  public static String shortLine(Metrics m) {
    List<String> parts = new ArrayList<>(4);
    Double cpu = m.number(CpuMetric.CPU_PERCENT);
    Double freq = m.number(CpuMetric.CPU_FREQ_GHZ);
    if (cpu != null) {
      parts.add(
          freq != null
              ? "CPU " + fixed(freq, 1) + "GHz • " + fixed(cpu, 0) + "%"
              : "CPU " + fixed(cpu, 0) + "%");
    }
    Double ram = m.number(MemoryMetric.MEMORY_PERCENT);
    if (ram != null) {
      parts.add("RAM " + fixed(ram, 0) + "%");
    }
    Double ping = m.number(ProbeMetric.PING_MS);
    if (ping != null) {
      parts.add("Ping " + fixed(ping, 0) + " ms");
    }
    Double disk = m.number(DiskMetric.DISK_PERCENT);
    if (disk != null) {
      parts.add("Disk " + fixed(disk, 0) + "%");
    }
    return parts.isEmpty() ? NO_DATA : String.join(" | ", parts);
  }

  /**
   * The long block, one entry per line: CPU, RAM, Disk, Ping, Latency, Temperature, Bytes sent,
   * Bytes received, Date/time (UTC, from {@code metrics.timestamp}).
   */
  public static List<String> longLines(Metrics m) {
    List<String> lines = new ArrayList<>(9);
    Double cpu = m.number(CpuMetric.CPU_PERCENT);
    Double freq = m.number(CpuMetric.CPU_FREQ_GHZ);
    if (cpu == null) {
      lines.add("CPU: " + UNAVAILABLE);
    } else if (freq != null) {
      lines.add("CPU: " + fixed(freq, 1) + "GHz • " + fixed(cpu, 0) + "%");
    } else {
      lines.add("CPU: " + fixed(cpu, 0) + "%");
    }
    lines.add(
        "RAM: "
            + usage(
                m.number(MemoryMetric.MEMORY_USED_BYTES),
                m.number(MemoryMetric.MEMORY_TOTAL_BYTES)));
    lines.add(
        "Disk: "
            + usage(m.number(DiskMetric.DISK_USED_BYTES), m.number(DiskMetric.DISK_TOTAL_BYTES)));
    lines.add("Ping: " + withUnit(m.number(ProbeMetric.PING_MS), 1, " ms"));
    lines.add("Latency: " + withUnit(m.number(ProbeMetric.LATENCY_MS), 1, " ms"));
    lines.add("Temperature: " + withUnit(m.number(SensorMetric.TEMPERATURE), 1, " °C"));
    lines.add("Bytes sent: " + humanBytes(m.number(NetworkMetric.BYTES_SENT)));
    lines.add("Bytes received: " + humanBytes(m.number(NetworkMetric.BYTES_RECV)));
    Double ts = m.number(CollectorMetric.TIMESTAMP);
    lines.add(
        "Date/time: "
            + (ts == null
                ? UNAVAILABLE
                : DATE_TIME.format(Instant.ofEpochMilli(Math.round(ts * 1000))) + " UTC"));
    return lines;
  }

  /** {@code 1.00 GiB} at or above 1 GiB, else {@code 82.27 MiB}; {@code unavailable} for null. */
  public static String humanBytes(Double bytes) {
    if (bytes == null) {
      return UNAVAILABLE;
    }
    return bytes >= GIB ? fixed(bytes / GIB, 2) + " GiB" : fixed(bytes / MIB, 2) + " MiB";
  }

  /** Python's {@code f"{value:.{decimals}f}"}: half-to-even on the exact binary value. */
  public static String fixed(double value, int decimals) {
    return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String usage(Double used, Double total) {
    if (used == null || total == null || total <= 0) {
      return UNAVAILABLE;
    }
    return fixed(used / GIB, 1)
        + " / "
        + fixed(total / GIB, 0)
        + " GiB • "
        + fixed(used / total * 100, 0)
        + "%";
  }

  private static String withUnit(Double v, int decimals, String unit) {
    return v == null ? UNAVAILABLE : fixed(v, decimals) + unit;
  }
}
