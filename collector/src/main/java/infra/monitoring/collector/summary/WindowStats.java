package infra.monitoring.collector.summary;

import infra.monitoring.collector.netlearn.CounterDeltas;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.metric.SystemMetric;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of a window of records, kept as running totals: averages of the gauges, increments
 * of the byte counters (resets handled), record count per state and time spent in each state.
 * Records are {@link #add added} one at a time in the order they were written and not kept, so a
 * window costs the same memory whatever its records hold; a record's state lasts until the next one
 * (a clock stepped back gives it no time). Pure computation.
 */
final class WindowStats {

  /** Gauges that are averaged, in output order. */
  static final List<Metric> GAUGES =
      List.of(
          CpuMetric.CPU_PERCENT,
          CpuMetric.CPU_FREQ_GHZ,
          MemoryMetric.MEMORY_PERCENT,
          MemoryMetric.MEMORY_USED_BYTES,
          MemoryMetric.MEMORY_TOTAL_BYTES,
          DiskMetric.DISK_PERCENT,
          DiskMetric.DISK_USED_BYTES,
          DiskMetric.DISK_TOTAL_BYTES,
          ProbeMetric.PING_MS,
          ProbeMetric.PING_LOSS_PERCENT,
          ProbeMetric.LATENCY_MS,
          SensorMetric.TEMPERATURE,
          SystemMetric.LOAD_1,
          SystemMetric.LOAD_5,
          SystemMetric.LOAD_15,
          NetworkMetric.NET_IN_MBPS,
          NetworkMetric.NET_OUT_MBPS,
          MemoryMetric.SWAP_USED_BYTES,
          MemoryMetric.SWAP_TOTAL_BYTES);

  int records;
  Double firstEpoch;
  Double lastEpoch;
  final Map<Metric, Double> averages = new LinkedHashMap<>();
  long bytesSent;
  long bytesRecv;
  int counterResets;
  final Map<Severity, Integer> stateCounts = new EnumMap<>(Severity.class);
  final Map<Severity, Double> stateSeconds = new EnumMap<>(Severity.class);

  /** First and last line used per file, in the order the files were read. */
  final Map<String, long[]> linesUsed = new LinkedHashMap<>();

  private final double cap;
  private final double[] sums = new double[GAUGES.size()];
  private final int[] counts = new int[GAUGES.size()];
  private final CounterDeltas deltas = new CounterDeltas();
  private Severity held;
  private double heldSince;

  /**
   * @param maxGap the longest time a record's state is taken to last: a longer gap means the
   *     collector was not running, and that time belongs to no state
   */
  WindowStats(Duration maxGap) {
    this.cap = maxGap.toNanos() / 1e9;
    for (Severity sev : Severity.values()) {
      stateCounts.put(sev, 0);
      stateSeconds.put(sev, 0.0);
    }
  }

  /** Adds the next record of the window (sampled at {@code epoch}, from that file and line). */
  void add(FeedRecord r, double epoch, String file, long line) {
    records++;
    firstEpoch = firstEpoch == null ? epoch : Math.min(firstEpoch, epoch);
    lastEpoch = lastEpoch == null ? epoch : Math.max(lastEpoch, epoch);
    Metrics m = r.metrics();
    for (int g = 0; g < GAUGES.size(); g++) {
      Double v = m.number(GAUGES.get(g));
      if (v != null) {
        sums[g] += v;
        counts[g]++;
      }
    }
    CounterDeltas.Increment inc = deltas.next(m);
    if (inc != null) {
      bytesSent += inc.sent();
      bytesRecv += inc.recv();
      counterResets += inc.resets();
    }
    holdUntil(epoch);
    Severity sev = r.severity();
    if (sev != null) {
      stateCounts.merge(sev, 1, Integer::sum);
      held = sev;
      heldSince = epoch;
    }
    long[] lines = linesUsed.computeIfAbsent(file, f -> new long[] {line, line});
    lines[0] = Math.min(lines[0], line);
    lines[1] = Math.max(lines[1], line);
  }

  /**
   * Ends the window: the last state lasts until {@code windowEnd} (epoch seconds, capped), and the
   * averages are computed.
   */
  WindowStats finish(double windowEnd) {
    holdUntil(windowEnd);
    for (int g = 0; g < GAUGES.size(); g++) {
      averages.put(GAUGES.get(g), counts[g] == 0 ? null : sums[g] / counts[g]);
    }
    return this;
  }

  /** Credits the state held since the previous record with the time until {@code t}. */
  private void holdUntil(double t) {
    if (held != null) {
      stateSeconds.merge(held, Math.max(0, Math.min(cap, t - heldSince)), Double::sum);
      held = null;
    }
  }

  /** {@code H:MM:SS}, as Python's {@code str(timedelta)} without the fraction. */
  static String hms(double seconds) {
    long t = Math.round(seconds);
    return String.format(java.util.Locale.ROOT, "%d:%02d:%02d", t / 3600, (t % 3600) / 60, t % 60);
  }

  /** A record-like {@link Metrics} of the averages, for the long summary lines. */
  Metrics asMetrics(double windowEnd) {
    Metrics m = new Metrics();
    averages.forEach(
        (k, v) -> {
          if (v == null) {
            return;
          }
          if (k.kind() == Metric.Kind.INTEGER) {
            m.put(k, Math.round(v));
          } else {
            m.put(k, v);
          }
        });
    if (records > 0) {
      m.put(NetworkMetric.BYTES_SENT, bytesSent);
      m.put(NetworkMetric.BYTES_RECV, bytesRecv);
    }
    m.put(CollectorMetric.TIMESTAMP, windowEnd);
    return m;
  }
}
