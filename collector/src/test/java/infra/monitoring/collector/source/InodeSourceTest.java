package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InodeSourceTest {
  /** The fixture host: its mount table, its root filesystem holding / and /data. */
  private static final HostPaths FIXTURE =
      new HostPaths(Fixtures.path("proc"), Fixtures.path("sys"), Fixtures.path("rootfs"));

  @Test
  void theMountPointsOfTheDiskSourceWithTheirInodes() throws Exception {
    Metrics m = new Metrics();
    new InodeSource(
            FIXTURE, path -> path.endsWith("data") ? new long[] {100, 7} : new long[] {50, 5})
        .sample(m);
    assertThat(m.rows(RecordList.DISKS))
        .containsExactly(
            new Metrics.Row("/")
                .put(DiskMetric.MOUNT_FILES, 50L)
                .put(DiskMetric.MOUNT_FILES_FREE, 5L),
            new Metrics.Row("/data")
                .put(DiskMetric.MOUNT_FILES, 100L)
                .put(DiskMetric.MOUNT_FILES_FREE, 7L));
  }

  @Test
  void aFilesystemThatFailsIsLeftOutAndNoneAnsweringFailsTheSource() throws Exception {
    Metrics m = new Metrics();
    new InodeSource(
            FIXTURE,
            path -> {
              if (path.endsWith("data")) {
                throw new IOException("statvfs: errno 2");
              }
              return new long[] {50, 5};
            })
        .sample(m);
    assertThat(m.rows(RecordList.DISKS)).extracting(Metrics.Row::id).containsExactly("/");
    InodeSource broken =
        new InodeSource(
            FIXTURE,
            path -> {
              throw new IOException("JNA cannot call the C library here");
            });
    assertThatThrownBy(() -> broken.sample(new Metrics())).hasMessageContaining("JNA");
  }

  @Test
  void thisMachinesRootThroughJna() throws Exception {
    long[] root = Libc.inodes("/");
    assertThat(root[0]).isNotNegative();
    assertThat(root[1]).isBetween(0L, root[0]);
    assertThatThrownBy(() -> Libc.inodes(Path.of("/no/such/dir").toString()))
        .hasMessageContaining("statvfs /no/such/dir: errno 2");
  }
}
