package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * I/O counters of every block device in {@code /proc/diskstats} ({@code block_devices}), as
 * node_exporter's diskstats collector serves them: reads and writes completed, bytes (sectors of
 * 512 bytes, whatever the device's own sector size), milliseconds reading and writing, I/Os in
 * progress, milliseconds doing I/O (its rate is the utilisation) and the weighted milliseconds (its
 * rate is the average queue size, node-mixin's NodeDiskIOSaturation). Partitions, RAM disks, loop
 * and floppy devices are left out by node_exporter 1.5's default device exclusion.
 */
public final class DiskstatsSource implements Source {
  /** node_exporter 1.5's default {@code --collector.diskstats.device-exclude}. */
  static final Pattern EXCLUDED_DEVICES =
      Pattern.compile("^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$");

  /** Sectors of {@code /proc/diskstats} are 512 bytes on every device (the kernel's unit). */
  static final long SECTOR_BYTES = 512;

  /** The fields kept, by column after major, minor and name; null: not kept. */
  private static final Metric[] COLUMNS = {
    DiskMetric.DEVICE_READS,
    null, // reads merged
    DiskMetric.DEVICE_READ_BYTES,
    DiskMetric.DEVICE_READ_MS,
    DiskMetric.DEVICE_WRITES,
    null, // writes merged
    DiskMetric.DEVICE_WRITTEN_BYTES,
    DiskMetric.DEVICE_WRITE_MS,
    DiskMetric.DEVICE_IO_NOW,
    DiskMetric.DEVICE_IO_MS,
    DiskMetric.DEVICE_IO_WEIGHTED_MS
  };

  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public DiskstatsSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "diskstats";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    into.rows(RecordList.BLOCK_DEVICES, parse(reader.read(paths.proc("diskstats"))));
  }

  /**
   * One row per device line that is not excluded; a line with fewer than the eleven classic
   * counters (kernels before 2.6.25 printed four for partitions) or a bad number is left out.
   */
  static List<Metrics.Row> parse(String text) {
    List<Metrics.Row> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String[] f = Parse.fields(line);
      if (f.length < 3 + COLUMNS.length || EXCLUDED_DEVICES.matcher(f[2]).matches()) {
        continue;
      }
      Metrics.Row row = new Metrics.Row(f[2]);
      boolean ok = true;
      for (int i = 0; i < COLUMNS.length && ok; i++) {
        Long v = Parse.longOrNull(f[3 + i]);
        ok = v != null;
        if (ok && COLUMNS[i] != null) {
          boolean sectors =
              COLUMNS[i] == DiskMetric.DEVICE_READ_BYTES
                  || COLUMNS[i] == DiskMetric.DEVICE_WRITTEN_BYTES;
          row.put(COLUMNS[i], sectors ? v * SECTOR_BYTES : v);
        }
      }
      if (ok) {
        out.add(row);
      }
    }
    return out;
  }
}
