package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.top;

/** CPU use and frequency of the host. */
public enum CpuMetric implements Metric {
  CPU_PERCENT(
      top("cpu_percent", Kind.NUMBER)
          .percent()
          .thresholds(75, 90)
          .gauge(
              "monitoring_cpu_percent",
              null,
              "CPU use of the host over the collector's sample, percent of all cores (0-100).")),
  CPU_FREQ_GHZ(
      top("cpu_freq_ghz", Kind.NUMBER)
          .gauge(
              "monitoring_cpu_frequency_hertz",
              "hertz",
              "Current CPU frequency of the host in hertz (record: cpu_freq_ghz).")
          .scale(1e9)
          .legacy("monitoring_cpu_freq_ghz", "monitoring_cpu_frequency_hertz"));

  private final Declaration declaration;

  CpuMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
