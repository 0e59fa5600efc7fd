package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MdstatSourceTest {

  /** device → state, required, active, failed, spare, blocks, synced. */
  private static Map<String, List<Object>> read(String text) throws Exception {
    Map<String, List<Object>> out = new TreeMap<>();
    for (Metrics.Row r : MdstatSource.parse(text)) {
      out.put(
          r.id(),
          List.of(
              r.text(DiskMetric.MD_STATE),
              r.integer(DiskMetric.MD_DISKS_REQUIRED),
              r.integer(DiskMetric.MD_DISKS_ACTIVE),
              r.integer(DiskMetric.MD_DISKS_FAILED),
              r.integer(DiskMetric.MD_DISKS_SPARE),
              r.integer(DiskMetric.MD_BLOCKS),
              r.integer(DiskMetric.MD_BLOCKS_SYNCED)));
    }
    return out;
  }

  @Test
  void arraysOfNodeExportersFixtureAsItsMdadmCollectorReadsThem() throws Exception {
    Map<String, List<Object>> md = read(Fixtures.text("node_exporter/proc/mdstat"));
    assertThat(md).hasSize(17);
    // raid6 with two spares; a degraded raid1 recovering onto a spare; an inactive array.
    assertThat(md.get("md3")).containsExactly("active", 8L, 8L, 0L, 2L, 5853468288L, 5853468288L);
    assertThat(md.get("md6")).containsExactly("recovering", 2L, 1L, 1L, 1L, 195310144L, 16775552L);
    assertThat(md.get("md4")).containsExactly("inactive", 0L, 0L, 1L, 1L, 4883648L, 4883648L);
    // A bitmap line before the (absent) sync line; resync and check in progress or pending.
    assertThat(md.get("md7")).containsExactly("active", 4L, 3L, 1L, 0L, 7813735424L, 7813735424L);
    assertThat(md.get("md8").get(0)).isEqualTo("resync");
    assertThat(md.get("md201").get(0)).isEqualTo("check");
    assertThat(md.get("md11")).containsExactly("resync", 2L, 2L, 1L, 2L, 4190208L, 0L);
    // raid0 and linear arrays count their members; a read-only array is active.
    assertThat(md.get("md10")).containsExactly("active", 2L, 2L, 0L, 0L, 314159265L, 314159265L);
    assertThat(md.get("md101").subList(0, 3)).containsExactly("active", 3L, 3L);
  }

  @Test
  void aStatusLineItCannotReadFailsTheSourceNamingTheLine() {
    String text = "md0 : active raid1 sda1[0] sdb1[1]\n      garbage\n\nunused devices: <none>\n";
    assertThatThrownBy(() -> MdstatSource.parse(text))
        .hasMessage("mdstat: cannot read the status line 'garbage'");
  }

  @Test
  void noMdDriverIsAnEmptyList(@TempDir Path proc) throws Exception {
    Metrics m = new Metrics();
    new MdstatSource(new HostPaths(proc, proc, null)).sample(m);
    assertThat(m.rows(RecordList.MD_ARRAYS)).isEmpty();
  }
}
