package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/**
 * Filesystem space: the configured mount as top-level keys, and every real filesystem as a row of
 * {@code disks}.
 */
public enum DiskMetric implements Metric {
  DISK_PERCENT(top("disk_percent", Kind.NUMBER).percent().thresholds(80, 95)),
  DISK_USED_BYTES(top("disk_used_bytes", Kind.INTEGER)),
  DISK_TOTAL_BYTES(top("disk_total_bytes", Kind.INTEGER)),
  MOUNT_USED_BYTES(
      in(RecordList.DISKS, "used_bytes", Kind.INTEGER)
          .gauge("monitoring_disk_used_bytes", "bytes", "Bytes used on a filesystem.")),
  MOUNT_TOTAL_BYTES(
      in(RecordList.DISKS, "total_bytes", Kind.INTEGER)
          .gauge("monitoring_disk_total_bytes", "bytes", "Size of a filesystem in bytes.")),
  MOUNT_PERCENT(
      in(RecordList.DISKS, "percent", Kind.NUMBER)
          .percent()
          .gauge("monitoring_disk_percent", null, "Space used on a filesystem, percent (0-100)."));

  private final Declaration declaration;

  DiskMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
