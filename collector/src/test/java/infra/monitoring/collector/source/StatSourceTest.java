package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SystemMetric;
import org.junit.jupiter.api.Test;

class StatSourceTest {

  @Test
  void readsTheCountersOfNodeExportersFixtureStat() {
    Metrics m = StatSource.parse(Fixtures.text("node_exporter/proc/stat"));
    // node_exporter's e2e-output.txt: node_procs_running 2, node_context_switches_total
    // 3.8014093e+07, node_intr_total 8.885917e+06, node_forks_total 26442, boot time 1418183276.
    assertThat(m.integer(SystemMetric.PROCS_RUNNING)).isEqualTo(2);
    assertThat(m.integer(SystemMetric.PROCS_BLOCKED)).isZero();
    assertThat(m.integer(SystemMetric.CONTEXT_SWITCHES)).isEqualTo(38014093);
    assertThat(m.integer(SystemMetric.INTERRUPTS)).isEqualTo(8885917);
    assertThat(m.integer(SystemMetric.FORKS)).isEqualTo(26442);
    assertThat(m.integer(SystemMetric.BOOT_TIME)).isEqualTo(1418183276);
    // user: 44490 + 47869 + 46504 + 47054 + 28413 + 29271 + 29152 + 29098 ticks of the cpuN lines
    // (the aggregate line's 301854 is not their sum in this fixture, and is not used).
    assertThat(m.rows(RecordList.CPU_MODES))
        .extracting(Metrics.Row::id)
        .containsExactly("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal");
    assertThat(m.rows(RecordList.CPU_MODES).get(0).number(CpuMetric.CPU_MODE_SECONDS))
        .isEqualTo(3018.51);
    assertThat(m.rows(RecordList.CPU_MODES).get(5).number(CpuMetric.CPU_MODE_SECONDS))
        .isEqualTo(0.01);
  }

  @Test
  void linesOfOldKernelsAreSummedAsFarAsTheyGoAndAbsentLinesLeaveTheirKeysOut() {
    // Kernels before 2.6.11 print no steal column; a kernel without procs_blocked prints none.
    Metrics m = StatSource.parse("cpu  3 0 1 10\ncpu0 3 0 1 10 2\ncpu1 1 0 0 4\nctxt 7\n");
    assertThat(m.rows(RecordList.CPU_MODES))
        .extracting(r -> r.number(CpuMetric.CPU_MODE_SECONDS))
        .containsExactly(0.04, 0.0, 0.01, 0.14, 0.02, 0.0, 0.0, 0.0);
    assertThat(m.integer(SystemMetric.CONTEXT_SWITCHES)).isEqualTo(7);
    assertThat(m.get(SystemMetric.PROCS_BLOCKED)).isNull();
    assertThat(StatSource.parse("intr x\n").get(SystemMetric.INTERRUPTS)).isNull();
    assertThat(StatSource.parse("").rows(RecordList.CPU_MODES)).isNull();
  }
}
