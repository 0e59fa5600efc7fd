package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.MemoryMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmstatSourceTest {

  @Test
  void readsThePagingAndOomCountersOfNodeExportersFixture() {
    Metrics m = VmstatSource.parse(Fixtures.text("node_exporter/proc/vmstat"));
    // e2e-output.txt: node_vmstat_pgfault 2.320168809e+09, pgmajfault 507162, pswpin 1476,
    // pswpout 35045, oom_kill 0; thp_fault_alloc and numa_hint_faults are not taken.
    assertThat(m.integer(MemoryMetric.VMSTAT_PGFAULT)).isEqualTo(2320168809L);
    assertThat(m.integer(MemoryMetric.VMSTAT_PGMAJFAULT)).isEqualTo(507162);
    assertThat(m.integer(MemoryMetric.VMSTAT_PSWPIN)).isEqualTo(1476);
    assertThat(m.integer(MemoryMetric.VMSTAT_PSWPOUT)).isEqualTo(35045);
    assertThat(m.integer(MemoryMetric.VMSTAT_OOM_KILL)).isZero();
  }

  @Test
  void oomKillIsNullBeforeLinux413AndATextWithoutPgfaultFailsTheSource(@TempDir Path proc)
      throws Exception {
    assertThat(VmstatSource.parse("pgfault 10\npgmajfault 2\n").get(MemoryMetric.VMSTAT_OOM_KILL))
        .isNull();
    Files.writeString(proc.resolve("vmstat"), "nr_free_pages 5\n");
    VmstatSource s = new VmstatSource(new HostPaths(proc, proc, null));
    assertThatThrownBy(() -> s.sample(new Metrics())).hasMessage("vmstat: no pgfault line");
  }
}
