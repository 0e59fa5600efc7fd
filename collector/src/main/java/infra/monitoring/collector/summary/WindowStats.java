package infra.monitoring.collector.summary;

import infra.monitoring.collector.netlearn.CounterDeltas;
import infra.monitoring.common.Metric;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
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
          Metric.CPU_PERCENT,
          Metric.CPU_FREQ_GHZ,
          Metric.MEMORY_PERCENT,
          Metric.MEMORY_USED_BYTES,
          Metric.MEMORY_TOTAL_BYTES,
          Metric.DISK_PERCENT,
          Metric.DISK_USED_BYTES,
          Metric.DISK_TOTAL_BYTES,
          Metric.PING_MS,
          Metric.PING_LOSS_PERCENT,
          Metric.LATENCY_MS,
          Metric.TEMPERATURE,
          Metric.LOAD_1,
          Metric.LOAD_5,
          Metric.LOAD_15,
          Metric.NET_IN_MBPS,
          Metric.NET_OUT_MBPS,
          Metric.SWAP_USED_BYTES,
          Metric.SWAP_TOTAL_BYTES);

  final int records;
  final Double firstEpoch;
  final Double lastEpoch;
  final Map<Metric, Double> averages = new EnumMap<>(Metric.class);
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
      m.put(Metric.BYTES_SENT, bytesSent);
      m.put(Metric.BYTES_RECV, bytesRecv);
    }
    m.put(Metric.TIMESTAMP, windowEnd);
    return m;
  }
}
