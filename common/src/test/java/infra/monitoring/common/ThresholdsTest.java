package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import org.junit.jupiter.api.Test;

class ThresholdsTest {
  private final Thresholds defaults = new Thresholds(Thresholds.defaults());

  @Test
  void stableWhenNothingCrossesAndByteMetricsHaveNoDefaultThresholds() {
    Metrics m =
        new Metrics()
            .put(CpuMetric.CPU_PERCENT, 10.0)
            .put(MemoryMetric.MEMORY_USED_BYTES, 30_000_000_000L)
            .put(NetworkMetric.BYTES_SENT, 999_999_999_999L);
    Thresholds.Evaluation e = defaults.evaluate(m);
    assertThat(e.state()).isEqualTo(Severity.STABLE);
    assertThat(e.alerts()).isEmpty();
  }

  @Test
  void worstSeverityWinsAndEveryCrossingIsListedInKeyOrder() {
    // The original returned WARNING here: cpu came first in its order and stopped the scan.
    Metrics m =
        new Metrics()
            .put(CpuMetric.CPU_PERCENT, 80.0)
            .put(DiskMetric.DISK_PERCENT, 99.0)
            .put(MemoryMetric.MEMORY_PERCENT, 10.0);
    Thresholds.Evaluation e = defaults.evaluate(m);
    assertThat(e.state()).isEqualTo(Severity.CRITICAL);
    assertThat(e.alerts())
        .containsExactly(
            new Alert("cpu_percent", 80.0, Severity.WARNING),
            new Alert("disk_percent", 99.0, Severity.CRITICAL));
  }

  @Test
  void levelsAreInclusive() {
    assertThat(defaults.evaluate(new Metrics().put(CpuMetric.CPU_PERCENT, 75.0)).state())
        .isEqualTo(Severity.WARNING);
    assertThat(defaults.evaluate(new Metrics().put(CpuMetric.CPU_PERCENT, 90.0)).state())
        .isEqualTo(Severity.CRITICAL);
    assertThat(defaults.evaluate(new Metrics().put(CpuMetric.CPU_PERCENT, 74.99)).state())
        .isEqualTo(Severity.STABLE);
  }

  @Test
  void nullValuesAreSkipped() {
    assertThat(defaults.evaluate(new Metrics()).state()).isEqualTo(Severity.STABLE);
  }

  @Test
  void learnedNetworkLimitWarnsWhenNoThresholdIsConfigured() {
    Metrics m =
        new Metrics()
            .put(NetworkMetric.NET_TODAY_BYTES, 2_000L)
            .put(NetworkMetric.NET_LEARNED_LIMIT_BYTES, 1_000L);
    Thresholds.Evaluation e = defaults.evaluate(m);
    assertThat(e.state()).isEqualTo(Severity.WARNING);
    assertThat(e.alerts()).containsExactly(new Alert("net_today_bytes", 2000.0, Severity.WARNING));

    Thresholds configured =
        defaults.with(NetworkMetric.NET_TODAY_BYTES, new Thresholds.Level(5_000.0, 10_000.0));
    assertThat(configured.evaluate(m).state()).isEqualTo(Severity.STABLE);
    assertThat(defaults.evaluate(m.put(NetworkMetric.NET_TODAY_BYTES, 999L)).state())
        .isEqualTo(Severity.STABLE);
  }
}
