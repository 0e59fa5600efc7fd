package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import java.io.IOException;

/**
 * Connection tracking: {@code conntrack_entries} and {@code conntrack_limit} from {@code
 * /proc/sys/net/netfilter/nf_conntrack_count} and {@code nf_conntrack_max} (node_exporter's
 * conntrack collector), and {@code conntrack_used_percent}, which carries node-mixin's
 * NodeHighNumberConntrackEntriesUsed level. All null while the nf_conntrack module is not loaded
 * (the files are absent): nothing is tracked then, and nothing can fill up. The files describe the
 * network namespace of the reading process, the host's when the collector runs in it.
 */
public final class ConntrackSource implements Source {
  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public ConntrackSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "conntrack";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String count = reader.readOrNull(paths.proc("sys/net/netfilter/nf_conntrack_count"));
    if (count == null) {
      return; // module not loaded
    }
    into.merge(parse(count, reader.read(paths.proc("sys/net/netfilter/nf_conntrack_max"))));
  }

  /** Entries, limit and the used share from the two files' texts. */
  static Metrics parse(String count, String max) throws IOException {
    Long entries = Parse.longOrNull(count);
    Long limit = Parse.longOrNull(max);
    if (entries == null || limit == null) {
      throw new IOException(
          "nf_conntrack_count/max: expected numbers, got '"
              + count.strip()
              + "' and '"
              + max.strip()
              + "'");
    }
    return new Metrics()
        .put(NetworkMetric.CONNTRACK_ENTRIES, entries)
        .put(NetworkMetric.CONNTRACK_LIMIT, limit)
        .put(
            NetworkMetric.CONNTRACK_USED_PERCENT,
            limit > 0 ? Parse.round(Parse.clampPercent(100.0 * entries / limit), 2) : null);
  }
}
