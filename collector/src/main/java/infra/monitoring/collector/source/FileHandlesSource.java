package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.SystemMetric;
import java.io.IOException;

/**
 * {@code filefd_allocated} and {@code filefd_maximum} from {@code /proc/sys/fs/file-nr}: handles
 * allocated, allocated but unused (always 0 since Linux 2.6), and the maximum ({@code
 * fs.file-max}), as node_exporter's filefd collector reads them; {@code filefd_used_percent}, the
 * allocated share of the maximum, carries node-mixin's NodeFileDescriptorLimit levels.
 */
public final class FileHandlesSource implements Source {
  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public FileHandlesSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "filefd";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    long[] v = parseFileNr(reader.read(paths.proc("sys/fs/file-nr")));
    into.put(SystemMetric.FILEFD_ALLOCATED, v[0]);
    into.put(SystemMetric.FILEFD_MAXIMUM, v[1]);
    into.put(SystemMetric.FILEFD_USED_PERCENT, usedPercent(v[0], v[1]));
  }

  /** Allocated share of the maximum, two decimals (null without a maximum). */
  static Double usedPercent(long allocated, long maximum) {
    return maximum <= 0 ? null : Parse.round(Parse.clampPercent(100.0 * allocated / maximum), 2);
  }

  /** Allocated and maximum from the three fields of {@code file-nr}. */
  static long[] parseFileNr(String text) throws IOException {
    String[] f = Parse.fields(text);
    Long allocated = f.length == 3 ? Parse.longOrNull(f[0]) : null;
    Long maximum = f.length == 3 ? Parse.longOrNull(f[2]) : null;
    if (allocated == null || maximum == null) {
      throw new IOException("file-nr: expected three numbers, got '" + text.strip() + "'");
    }
    return new long[] {allocated, maximum};
  }
}
