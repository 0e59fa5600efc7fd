package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/**
 * Filesystems: the configured mount as top-level keys, and every real filesystem as a row of {@code
 * disks} (space, inodes, read-only); block devices' I/O counters as rows of {@code block_devices};
 * software RAID arrays as rows of {@code md_arrays}.
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
          .gauge("monitoring_disk_percent", null, "Space used on a filesystem, percent (0-100).")),
  MOUNT_AVAIL_BYTES(
      in(RecordList.DISKS, "avail_bytes", Kind.INTEGER)
          .gauge(
              "monitoring_filesystem_avail_bytes",
              "bytes",
              "Bytes of a filesystem available to unprivileged users (statvfs f_bavail;"
                  + " node_filesystem_avail_bytes).")),
  MOUNT_READONLY(
      in(RecordList.DISKS, "readonly", Kind.BOOLEAN)
          .gauge(
              "monitoring_filesystem_readonly",
              null,
              "1 when a filesystem is mounted read-only (ro in its mount options;"
                  + " node_filesystem_readonly).")),
  MOUNT_FILES(
      in(RecordList.DISKS, "files", Kind.INTEGER)
          .gauge(
              "monitoring_filesystem_files",
              null,
              "Inodes of a filesystem (statvfs f_files; node_filesystem_files).")),
  MOUNT_FILES_FREE(
      in(RecordList.DISKS, "files_free", Kind.INTEGER)
          .gauge(
              "monitoring_filesystem_files_free",
              null,
              "Free inodes of a filesystem (statvfs f_ffree; node_filesystem_files_free).")),
  DEVICE_READS(diskstats("reads_completed", "reads_completed", null, 1, "Reads completed", "")),
  DEVICE_READ_BYTES(
      diskstats("read_bytes", "read_bytes", "bytes", 1, "Bytes read", " (sectors of 512 bytes)")),
  DEVICE_READ_MS(
      diskstats("read_ms", "read_time_seconds", "seconds", 1e-3, "Seconds spent reading", "")),
  DEVICE_WRITES(diskstats("writes_completed", "writes_completed", null, 1, "Writes completed", "")),
  DEVICE_WRITTEN_BYTES(
      diskstats(
          "written_bytes",
          "written_bytes",
          "bytes",
          1,
          "Bytes written",
          " (sectors of 512 bytes)")),
  DEVICE_WRITE_MS(
      diskstats("write_ms", "write_time_seconds", "seconds", 1e-3, "Seconds spent writing", "")),
  DEVICE_IO_NOW(
      in(RecordList.BLOCK_DEVICES, "io_now", Kind.INTEGER)
          .gauge(
              "monitoring_disk_io_now",
              null,
              "I/Os in progress on a block device now (/proc/diskstats; node_disk_io_now).")),
  DEVICE_IO_MS(
      diskstats(
          "io_ms",
          "io_time_seconds",
          "seconds",
          1e-3,
          "Seconds a block device was busy with I/O",
          "; its rate is the utilisation")),
  DEVICE_IO_WEIGHTED_MS(
      diskstats(
          "io_weighted_ms",
          "io_time_weighted_seconds",
          "seconds",
          1e-3,
          "Seconds of I/O weighted by the I/Os in flight",
          "; its rate is the average queue size")),
  MD_STATE(
      in(RecordList.MD_ARRAYS, "state", Kind.TEXT)
          .states(
              "monitoring_md_state",
              "State of a software RAID array (/proc/mdstat; node_md_state): 1 for the current"
                  + " one.",
              "state",
              "active",
              "inactive",
              "recovering",
              "resync",
              "check")),
  MD_DISKS_REQUIRED(
      md("disks_required", "disks_required", "Disks a software RAID array is made of")),
  MD_DISKS_ACTIVE(md("disks_active", "disks_active", "Active disks of a software RAID array")),
  MD_DISKS_FAILED(md("disks_failed", "disks_failed", "Failed disks of a software RAID array")),
  MD_DISKS_SPARE(md("disks_spare", "disks_spare", "Spare disks of a software RAID array")),
  MD_BLOCKS(md("blocks", "blocks", "Size of a software RAID array in 1 KiB blocks")),
  MD_BLOCKS_SYNCED(
      md(
          "blocks_synced",
          "blocks_synced",
          "Blocks of a software RAID array in sync; below blocks while it resyncs or recovers"));

  private final Declaration declaration;

  DiskMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }

  /** A counter of one block device's /proc/diskstats line, under node_exporter's name. */
  private static Declaration diskstats(
      String key, String family, String unit, double scale, String what, String more) {
    return in(RecordList.BLOCK_DEVICES, key, Kind.INTEGER)
        .counter(
            "monitoring_disk_" + family,
            unit,
            what
                + " on a block device since boot"
                + more
                + " (/proc/diskstats; node_disk_"
                + family
                + "_total).")
        .scale(scale);
  }

  /** A gauge of one array of /proc/mdstat (node_exporter's mdadm collector). */
  private static Declaration md(String key, String family, String what) {
    return in(RecordList.MD_ARRAYS, key, Kind.INTEGER)
        .gauge("monitoring_md_" + family, null, what + " (/proc/mdstat).");
  }
}
