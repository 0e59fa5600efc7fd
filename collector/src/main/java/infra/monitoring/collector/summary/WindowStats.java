package infra.monitoring.collector.summary;

import infra.monitoring.collector.netlearn.CounterDeltas;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregate of a window of records: averages of the gauges, increments of the byte counters
 * (resets handled), record count per state and time spent in each state. Pure computation.
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

  final int records;
  final Double firstEpoch;
  final Double lastEpoch;
  final Map<Metric, Double> averages = new LinkedHashMap<>();
  long bytesSent;
  long bytesRecv;
  int counterResets;
  final Map<Severity, Integer> stateCounts = new EnumMap<>(Severity.class);
  final Map<Severity, Double> stateSeconds = new EnumMap<>(Severity.class);

  /** First and last line used per file, in the order the files were read. */
  final Map<String, long[]> linesUsed = new LinkedHashMap<>();

  private WindowStats(int records, Double first, Double last) {
    this.records = records;
    this.firstEpoch = first;
    this.lastEpoch = last;
  }

  /**
   * @param windowEnd epoch seconds; the last record's state lasts until then (capped)
   * @param maxGap the longest time a record's state is taken to last: a longer gap means the
   *     collector was not running, and that time belongs to no state
   */
  static WindowStats compute(List<WindowReader.Located> in, double windowEnd, Duration maxGap) {
    List<WindowReader.Located> recs = new ArrayList<>(in);
    recs.sort(Comparator.comparingDouble(WindowReader.Located::epoch));
    WindowStats s =
        new WindowStats(
            recs.size(),
            recs.isEmpty() ? null : recs.get(0).epoch(),
            recs.isEmpty() ? null : recs.get(recs.size() - 1).epoch());
    for (Severity sev : Severity.values()) {
      s.stateCounts.put(sev, 0);
      s.stateSeconds.put(sev, 0.0);
    }
    double cap = maxGap.toNanos() / 1e9;
    double[] sums = new double[GAUGES.size()];
    int[] counts = new int[GAUGES.size()];
    CounterDeltas deltas = new CounterDeltas();
    for (int i = 0; i < recs.size(); i++) {
      WindowReader.Located r = recs.get(i);
      Metrics m = r.record().metrics();
      for (int g = 0; g < GAUGES.size(); g++) {
        Double v = m.number(GAUGES.get(g));
        if (v != null) {
          sums[g] += v;
          counts[g]++;
        }
      }
      CounterDeltas.Increment inc = deltas.next(m);
      if (inc != null) {
        s.bytesSent += inc.sent();
        s.bytesRecv += inc.recv();
        s.counterResets += inc.resets();
      }
      Severity sev = r.record().severity();
      if (sev != null) {
        s.stateCounts.merge(sev, 1, Integer::sum);
        double until = i + 1 < recs.size() ? recs.get(i + 1).epoch() : windowEnd;
        double held = Math.max(0, Math.min(cap, until - r.epoch()));
        s.stateSeconds.merge(sev, held, Double::sum);
      }
      long[] lines = s.linesUsed.computeIfAbsent(r.file(), f -> new long[] {r.line(), r.line()});
      lines[0] = Math.min(lines[0], r.line());
      lines[1] = Math.max(lines[1], r.line());
    }
    for (int g = 0; g < GAUGES.size(); g++) {
      s.averages.put(GAUGES.get(g), counts[g] == 0 ? null : sums[g] / counts[g]);
    }
    return s;
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
