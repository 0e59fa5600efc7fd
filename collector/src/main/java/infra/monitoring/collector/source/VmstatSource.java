package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.Metric;
import java.io.IOException;
import java.util.Map;

/**
 * Paging and OOM counters of {@code /proc/vmstat}, as node_exporter's vmstat collector serves them
 * by default: {@code pgfault}, {@code pgmajfault} (node-mixin's memory saturation and its
 * NodeMemoryMajorPagesFaults), {@code pswpin}, {@code pswpout} and {@code oom_kill} (Linux 4.13 and
 * later; null before).
 */
public final class VmstatSource implements Source {
  private static final Map<String, Metric> FIELDS =
      Map.of(
          "pgfault", MemoryMetric.VMSTAT_PGFAULT,
          "pgmajfault", MemoryMetric.VMSTAT_PGMAJFAULT,
          "pswpin", MemoryMetric.VMSTAT_PSWPIN,
          "pswpout", MemoryMetric.VMSTAT_PSWPOUT,
          "oom_kill", MemoryMetric.VMSTAT_OOM_KILL);

  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public VmstatSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "vmstat";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    Metrics m = parse(reader.read(paths.proc("vmstat")));
    if (m.get(MemoryMetric.VMSTAT_PGFAULT) == null) {
      throw new IOException("vmstat: no pgfault line");
    }
    into.merge(m);
  }

  /** The counters of one {@code /proc/vmstat} text ({@code name value} lines). */
  static Metrics parse(String text) {
    Metrics m = new Metrics();
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      Metric field = space < 0 ? null : FIELDS.get(line.substring(0, space));
      if (field != null) {
        m.put(field, Parse.longOrNull(line.substring(space + 1)));
      }
    }
    return m;
  }
}
