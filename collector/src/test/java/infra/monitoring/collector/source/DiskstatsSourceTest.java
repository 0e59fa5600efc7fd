package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskstatsSourceTest {

  @Test
  void countersOfAWholeDiskInNodeExportersUnits() {
    // node_exporter's fixture line for sda; e2e-output.txt: node_disk_read_bytes_total
    // 5.13713216512e+11 (sectors x 512), node_disk_io_time_seconds_total 9653.88.
    List<Metrics.Row> rows =
        DiskstatsSource.parse(
            "   8       0 sda 25354637 34367663 1003346126 18492372 28444756 11134226 505697032"
                + " 63877960 0 9653880 82621804\n");
    assertThat(rows)
        .containsExactly(
            new Metrics.Row("sda")
                .put(DiskMetric.DEVICE_READS, 25354637L)
                .put(DiskMetric.DEVICE_READ_BYTES, 513713216512L)
                .put(DiskMetric.DEVICE_READ_MS, 18492372L)
                .put(DiskMetric.DEVICE_WRITES, 28444756L)
                .put(DiskMetric.DEVICE_WRITTEN_BYTES, 505697032L * 512)
                .put(DiskMetric.DEVICE_WRITE_MS, 63877960L)
                .put(DiskMetric.DEVICE_IO_NOW, 0L)
                .put(DiskMetric.DEVICE_IO_MS, 9653880L)
                .put(DiskMetric.DEVICE_IO_WEIGHTED_MS, 82621804L));
  }

  @Test
  void nodeExportersDefaultExclusionLeavesOutPartitionsRamLoopAndFloppies() {
    List<Metrics.Row> rows = DiskstatsSource.parse(Fixtures.text("node_exporter/proc/diskstats"));
    assertThat(rows)
        .extracting(Metrics.Row::id)
        .containsExactly(
            "sda",
            "dm-0",
            "dm-1",
            "dm-2",
            "dm-3",
            "dm-4",
            "dm-5",
            "mmcblk0",
            "mmcblk0p1",
            "mmcblk0p2",
            "vda",
            "sr0",
            "nvme0n1",
            "sdb",
            "sdc");
  }

  @Test
  void linesWithTheDiscardAndFlushColumnsAreReadAndShortOrBadLinesLeftOut() {
    List<Metrics.Row> rows =
        DiskstatsSource.parse(
            "   8      32 sdc 126552 141 1657779 14 11822 1895 172905 1007 0 10730 17070 18851 0"
                + " 125173784 11130 1555 1944\n"
                + "   3       1 hda1 35486 38030 38030 2\n"
                + "   8      48 sdd 1 2 x 4 5 6 7 8 9 10 11\n");
    assertThat(rows).extracting(Metrics.Row::id).containsExactly("sdc");
    assertThat(rows.get(0).integer(DiskMetric.DEVICE_IO_WEIGHTED_MS)).isEqualTo(17070);
  }
}
