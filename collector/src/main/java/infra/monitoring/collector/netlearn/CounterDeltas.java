package infra.monitoring.collector.netlearn;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative network byte counters into increments between consecutive samples. A counter
 * that went down was reset (reboot, driver reload, wrap), so its new value is the increment since
 * the reset. Counters are followed per interface when the record's {@code interfaces} add up to its
 * {@code bytes_sent}/{@code bytes_recv} totals, so that an interface that disappears (a container's
 * veth) is not mistaken for a reset of the total; otherwise the totals are used. A counter seen for
 * the first time only sets its baseline. Not thread-safe.
 */
public final class CounterDeltas {
  /** Key of the host totals when interfaces are not used. */
  public static final String TOTAL = "*total*";

  /** Bytes sent and received since the previous sample; {@code resets} counts reset counters. */
  public record Increment(long sent, long recv, int resets) {
    public long total() {
      return sent + recv;
    }
  }

  private Map<String, long[]> last = new LinkedHashMap<>();

  /**
   * The increment since the previous sample that had counters, or null when there is no baseline
   * yet or this sample has no counters (the baseline is then kept).
   */
  public Increment next(Metrics m) {
    Map<String, long[]> cur = counters(m);
    if (cur.isEmpty()) {
      return null;
    }
    Map<String, long[]> prev = last;
    last = cur;
    if (prev.isEmpty()) {
      return null;
    }
    long sent = 0;
    long recv = 0;
    int resets = 0;
    for (Map.Entry<String, long[]> e : cur.entrySet()) {
      long[] p = prev.get(e.getKey());
      if (p == null) {
        continue;
      }
      long[] c = e.getValue();
      if (c[0] < p[0] || c[1] < p[1]) {
        resets++;
      }
      sent += c[0] >= p[0] ? c[0] - p[0] : c[0];
      recv += c[1] >= p[1] ? c[1] - p[1] : c[1];
    }
    return new Increment(sent, recv, resets);
  }

  /** Forgets the baseline: the next sample only sets it. */
  public void reset() {
    last = new LinkedHashMap<>();
  }

  /** The baseline: counter name to {sent, recv}. */
  public Map<String, long[]> baseline() {
    Map<String, long[]> copy = new LinkedHashMap<>();
    last.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  /** Restores a baseline saved with {@link #baseline()}. */
  public void restore(Map<String, long[]> baseline) {
    last = new LinkedHashMap<>();
    baseline.forEach((k, v) -> last.put(k, v.clone()));
  }

  /** The counters of one record: per interface when they add up to the totals, else the totals. */
  static Map<String, long[]> counters(Metrics m) {
    Map<String, long[]> out = new LinkedHashMap<>();
    Long sent = m.integer(NetworkMetric.BYTES_SENT);
    Long recv = m.integer(NetworkMetric.BYTES_RECV);
    if (sent == null || recv == null) {
      return out;
    }
    List<Metrics.Row> ifs = m.rowsOrEmpty(RecordList.INTERFACES);
    long sumSent = 0;
    long sumRecv = 0;
    boolean complete = !ifs.isEmpty();
    for (Metrics.Row i : ifs) {
      Long s = i.integer(NetworkMetric.INTERFACE_BYTES_SENT);
      Long r = i.integer(NetworkMetric.INTERFACE_BYTES_RECV);
      if (s == null || r == null || out.containsKey(i.id())) {
        complete = false;
        break;
      }
      sumSent += s;
      sumRecv += r;
      out.put(i.id(), new long[] {s, r});
    }
    if (!complete || sumSent != sent || sumRecv != recv) {
      out.clear();
      out.put(TOTAL, new long[] {sent, recv});
    }
    return out;
  }
}
