package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSourceTest {

  @Test
  void realFilesystemsOnlyEachDeviceOnce() {
    var mounts = DiskSource.realFilesystems(DiskSource.parseMounts(Fixtures.text("mounts")));
    assertThat(mounts)
        .extracting(DiskSource.Mount::mountPoint)
        .containsExactly("/", "/boot/efi", "/mnt/backup disk", "/data");
  }

  @Test
  void usageIsDfStyle() {
    // 100 GiB, 40 free, 35 available to users (5 reserved): used 60, percent 60/(60+35).
    long g = 1L << 30;
    Metrics.Row d = DiskSource.usage("/", 100 * g, 40 * g, 35 * g);
    assertThat(d.integer(DiskMetric.MOUNT_USED_BYTES)).isEqualTo(60 * g);
    assertThat(d.integer(DiskMetric.MOUNT_TOTAL_BYTES)).isEqualTo(100 * g);
    assertThat(d.number(DiskMetric.MOUNT_PERCENT)).isEqualTo(63.2);
    assertThat(DiskSource.usage("/x", 0, 0, 0)).isNull();
  }

  @Test
  void readOnlyIsTheRoOptionAsNodeExporterDecides() {
    var mounts =
        DiskSource.parseMounts(
            "/dev/sda1 / ext4 rw,relatime,errors=remount-ro 0 0\n"
                + "/dev/sdb1 /srv ext4 ro,relatime 0 0\n"
                + "/dev/sdc1 /old ext4\n");
    assertThat(mounts).extracting(DiskSource.Mount::readOnly).containsExactly(false, true, false);
  }

  @Test
  void availableBytesAreTheUnprivilegedUsersShare() {
    long g = 1L << 30;
    assertThat(DiskSource.usage("/", 100 * g, 40 * g, 35 * g).integer(DiskMetric.MOUNT_AVAIL_BYTES))
        .isEqualTo(35 * g);
  }

  @Test
  void unescapesMountPoints() {
    assertThat(DiskSource.unescape("/mnt/a\\040b\\134c")).isEqualTo("/mnt/a b\\c");
    assertThat(DiskSource.unescape("/plain\\04")).isEqualTo("/plain\\04");
    // Escaped bytes are UTF-8 as the rest of the line; unescaped non-ASCII passes through.
    assertThat(DiskSource.unescape("/donn\\303\\251es\\0402")).isEqualTo("/données 2");
    assertThat(DiskSource.unescape("/données\\011x")).isEqualTo("/données\tx");
  }

  @Test
  void aHostViewWithoutTheHostsMountTableFailsInsteadOfReadingItsOwn(@TempDir Path proc)
      throws Exception {
    // The procfs has self/mounts and mounts (this process's own table) but no 1/mounts.
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("self/mounts"), "/dev/vda1 / ext4 rw 0 0\n");
    Files.writeString(proc.resolve("mounts"), "/dev/vda1 / ext4 rw 0 0\n");
    DiskSource d = new DiskSource(new HostPaths(proc, Path.of("/sys"), null), "/");
    assertThatThrownBy(() -> d.sample(new Metrics()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("1/mounts");
  }

  @Test
  void thisSystemsRootIsMeasured() throws Exception {
    Metrics m = new Metrics();
    new DiskSource(HostPaths.SYSTEM, "/").sample(m);
    assertThat(m.integer(DiskMetric.DISK_TOTAL_BYTES)).isPositive();
    assertThat(m.number(DiskMetric.DISK_PERCENT)).isBetween(0.0, 100.0);
  }

  @Test
  void hostViewResolvesMountsUnderRootfsAndReportsHostPaths() throws Exception {
    var s =
        Fixtures.settings(
            Map.of(
                "MONITORING_PATH_PROCFS", Fixtures.path("proc").toString(),
                "MONITORING_PATH_ROOTFS", Fixtures.path("rootfs").toString(),
                "MONITORING_DISK_MOUNT", "/data"));
    Metrics m = new Metrics();
    new DiskSource(s.sources().paths(), s.sources().diskMount()).sample(m);
    // /not-under-rootfs has no directory under the rootfs fixture: left out.
    assertThat(m.rows(RecordList.DISKS)).extracting(Metrics.Row::id).containsExactly("/", "/data");
    assertThat(m.rows(RecordList.DISKS).get(0).integer(DiskMetric.MOUNT_TOTAL_BYTES)).isPositive();
    assertThat(m.integer(DiskMetric.DISK_TOTAL_BYTES))
        .isEqualTo(m.rows(RecordList.DISKS).get(1).integer(DiskMetric.MOUNT_TOTAL_BYTES));
  }
}
