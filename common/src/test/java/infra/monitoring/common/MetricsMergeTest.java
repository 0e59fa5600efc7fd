package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SystemMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsMergeTest {

  private static Metrics space() {
    return new Metrics()
        .put(SystemMetric.LOAD_1, 0.5)
        .rows(
            RecordList.DISKS,
            List.of(
                new Metrics.Row("/").put(DiskMetric.MOUNT_USED_BYTES, 10L),
                new Metrics.Row("/boot").put(DiskMetric.MOUNT_USED_BYTES, 20L)));
  }

  private static Metrics inodes() {
    return new Metrics()
        .rows(
            RecordList.DISKS,
            List.of(
                new Metrics.Row("/boot").put(DiskMetric.MOUNT_FILES, 200L),
                new Metrics.Row("/srv").put(DiskMetric.MOUNT_FILES, 300L)));
  }

  @Test
  void aListFilledByTwoSourcesIsJoinedByRowIdInTheFirstOnesOrder() {
    Metrics out = new Metrics().merge(space()).merge(inodes());
    assertThat(out.rows(RecordList.DISKS))
        .containsExactly(
            new Metrics.Row("/").put(DiskMetric.MOUNT_USED_BYTES, 10L),
            new Metrics.Row("/boot")
                .put(DiskMetric.MOUNT_USED_BYTES, 20L)
                .put(DiskMetric.MOUNT_FILES, 200L),
            new Metrics.Row("/srv").put(DiskMetric.MOUNT_FILES, 300L));
    assertThat(out.number(SystemMetric.LOAD_1)).isEqualTo(0.5);
  }

  @Test
  void joiningNeverChangesTheRowsOfEitherSide() {
    Metrics a = space();
    Metrics b = inodes();
    new Metrics().merge(a).merge(b);
    assertThat(a).isEqualTo(space());
    assertThat(b).isEqualTo(inodes());
  }

  @Test
  void aListSetOnOneSideOnlyIsCopiedAndAnUnsetListStaysUnavailable() {
    Metrics out = new Metrics().merge(inodes());
    assertThat(out.rows(RecordList.DISKS)).hasSize(2);
    assertThat(out.rows(RecordList.INTERFACES)).isNull();
  }
}
