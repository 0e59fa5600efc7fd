package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-interface counters ({@code interfaces}: name, bytes_sent, bytes_recv, packets_sent,
 * packets_recv, errin, errout, dropin, dropout, psutil's names, cumulative since boot, loopback
 * included) from {@code /proc/net/dev} ({@code <procfs>/1/net/dev} under a host view, the host's
 * network namespace); {@code bytes_sent}/{@code bytes_recv}, the sum over every interface including
 * loopback as the original's; and {@code net_in_mbps}/{@code net_out_mbps}, decimal megabits per
 * second between this source's last two runs, over every interface except loopback (traffic that
 * enters or leaves the host). A counter that went down (interface re-created, wrap) counts from
 * zero; an interface seen for the first time adds nothing; never negative.
 */
public final class NetworkSource implements Source {
  static final String LOOPBACK = "lo";

  /** Columns of a net/dev line read: receive bytes, packets, errs, drop; the same for transmit. */
  private static final int[] USED_COLUMNS = {0, 1, 2, 3, 8, 9, 10, 11};

  /**
   * One interface's cumulative counters: bytes, packets, errors and drops, each received (in) and
   * sent (out).
   */
  record Counters(
      String name,
      long recv,
      long sent,
      long packetsRecv,
      long packetsSent,
      long errin,
      long errout,
      long dropin,
      long dropout) {

    /** Bytes only, the other counters 0 (tests of the rates). */
    Counters(String name, long recv, long sent) {
      this(name, recv, sent, 0, 0, 0, 0, 0, 0);
    }
  }

  private final HostPaths paths;
  private final LongSupplier clock;
  private final ProcReader reader = new ProcReader();
  private Map<String, Counters> previous;
  private long previousAt;

  public NetworkSource(HostPaths paths) {
    this(paths, System::nanoTime);
  }

  NetworkSource(HostPaths paths, LongSupplier clock) {
    this.paths = paths;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "network";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String text = paths.hostProc() ? reader.readOrNull(paths.proc("1/net/dev")) : null;
    if (text == null) {
      text = reader.read(paths.proc("net/dev"));
    }
    long now = clock.getAsLong();
    List<Counters> counters = parseNetDev(text);
    if (counters.isEmpty()) {
      // Every host has at least lo: a file without interface lines is not a network table, and
      // an empty list would claim "no interfaces" where the truth is "unknown" (null).
      throw new IOException(
          "no interface lines in " + (paths.hostProc() ? "the host's " : "") + "net/dev");
    }
    fill(counters, now, into);
  }

  /** Fills the keys from one reading taken at {@code nanos}, and keeps it for the next rate. */
  void fill(List<Counters> counters, long nanos, Metrics into) {
    long sent = 0;
    long recv = 0;
    List<Metrics.Row> list = new ArrayList<>(counters.size());
    Map<String, Counters> byName = new HashMap<>();
    for (Counters c : counters) {
      sent += c.sent();
      recv += c.recv();
      list.add(
          new Metrics.Row(c.name())
              .put(NetworkMetric.INTERFACE_BYTES_SENT, c.sent())
              .put(NetworkMetric.INTERFACE_BYTES_RECV, c.recv())
              .put(NetworkMetric.INTERFACE_PACKETS_SENT, c.packetsSent())
              .put(NetworkMetric.INTERFACE_PACKETS_RECV, c.packetsRecv())
              .put(NetworkMetric.INTERFACE_ERRIN, c.errin())
              .put(NetworkMetric.INTERFACE_ERROUT, c.errout())
              .put(NetworkMetric.INTERFACE_DROPIN, c.dropin())
              .put(NetworkMetric.INTERFACE_DROPOUT, c.dropout()));
      byName.put(c.name(), c);
    }
    into.rows(RecordList.INTERFACES, list);
    if (!counters.isEmpty()) {
      into.put(NetworkMetric.BYTES_SENT, sent);
      into.put(NetworkMetric.BYTES_RECV, recv);
    }
    if (previous != null && nanos > previousAt) {
      double seconds = (nanos - previousAt) / 1e9;
      into.put(NetworkMetric.NET_IN_MBPS, mbps(delta(previous, counters, true), seconds));
      into.put(NetworkMetric.NET_OUT_MBPS, mbps(delta(previous, counters, false), seconds));
    }
    previous = byName;
    previousAt = nanos;
  }

  /** Bytes moved since {@code before} over the non-loopback interfaces. */
  static long delta(Map<String, Counters> before, List<Counters> now, boolean receive) {
    long sum = 0;
    for (Counters c : now) {
      Counters b = before.get(c.name());
      if (b == null || LOOPBACK.equals(c.name())) {
        continue;
      }
      long cur = receive ? c.recv() : c.sent();
      long old = receive ? b.recv() : b.sent();
      sum += cur >= old ? cur - old : cur; // reset or wrap: the new value is what moved since
    }
    return sum;
  }

  static double mbps(long bytes, double seconds) {
    return Parse.round(bytes * 8 / 1e6 / seconds, 3);
  }

  /**
   * {@code /proc/net/dev}: interface, then receive bytes, packets, errs, drop (columns 1-4) and
   * transmit bytes, packets, errs, drop (columns 9-12). The name ends at the line's last colon, as
   * procfs's parser in node_exporter: old kernels list alias interfaces as {@code ibr10:30:}, and
   * the counters hold no colon.
   */
  static List<Counters> parseNetDev(String text) {
    List<Counters> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      int colon = line.lastIndexOf(':');
      if (colon <= 0 || line.indexOf('|') >= 0) {
        continue;
      }
      String[] f = Parse.fields(line.substring(colon + 1));
      if (f.length < 12) {
        continue;
      }
      long[] v = new long[USED_COLUMNS.length];
      int n = 0;
      for (int column : USED_COLUMNS) {
        Long x = Parse.longOrNull(f[column]);
        if (x == null) {
          break;
        }
        v[n++] = x;
      }
      if (n == v.length) {
        String name = line.substring(0, colon).strip();
        out.add(new Counters(name, v[0], v[4], v[1], v[5], v[2], v[6], v[3], v[7]));
      }
    }
    return out;
  }
}
