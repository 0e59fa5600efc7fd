package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.SystemMetric;
import org.junit.jupiter.api.Test;

/**
 * node-mixin's alert levels on a host-wide value are the collector's default thresholds
 * (docs/node-mixin.md): the collector itself puts the breach into the record's alerts, and the
 * shipped rules only say so. The levels are node-mixin's config.libsonnet defaults.
 */
class NodeMixinThresholdsTest {
  private final Thresholds defaults = new Thresholds(Thresholds.defaults());

  private Thresholds.Evaluation of(Metrics m) {
    return defaults.evaluate(m);
  }

  @Test
  void fileDescriptorLimitWarnsAt70AndIsCriticalAt90Percent() {
    assertThat(of(new Metrics().put(SystemMetric.FILEFD_USED_PERCENT, 69.99)).alerts()).isEmpty();
    assertThat(of(new Metrics().put(SystemMetric.FILEFD_USED_PERCENT, 70.0)).alerts())
        .containsExactly(new Alert("filefd_used_percent", 70.0, Severity.WARNING));
    assertThat(of(new Metrics().put(SystemMetric.FILEFD_USED_PERCENT, 90.0)).state())
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void conntrackTableWarnsAt75PercentAndHasNoCriticalLevel() {
    assertThat(of(new Metrics().put(NetworkMetric.CONNTRACK_USED_PERCENT, 74.9)).alerts())
        .isEmpty();
    Thresholds.Evaluation full = of(new Metrics().put(NetworkMetric.CONNTRACK_USED_PERCENT, 100.0));
    assertThat(full.alerts())
        .containsExactly(new Alert("conntrack_used_percent", 100.0, Severity.WARNING));
    assertThat(full.state()).isEqualTo(Severity.WARNING);
  }

  @Test
  void systemSaturationWarnsAtALoadOfTwoPerCpu() {
    assertThat(of(new Metrics().put(SystemMetric.LOAD_PER_CPU, 1.99)).alerts()).isEmpty();
    assertThat(of(new Metrics().put(SystemMetric.LOAD_PER_CPU, 4.75)).alerts())
        .containsExactly(new Alert("load_per_cpu", 4.75, Severity.WARNING));
  }

  @Test
  void cpuAndMemoryAreCriticalAtNodeMixins90Percent() {
    Thresholds.Evaluation e =
        of(new Metrics().put(CpuMetric.CPU_PERCENT, 90.0).put(MemoryMetric.MEMORY_PERCENT, 90.0));
    assertThat(e.alerts())
        .containsExactly(
            new Alert("cpu_percent", 90.0, Severity.CRITICAL),
            new Alert("memory_percent", 90.0, Severity.CRITICAL));
  }
}
