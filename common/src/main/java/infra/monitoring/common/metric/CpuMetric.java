package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/** CPU use, frequency and count of the host, and its time in each CPU mode. */
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
          .legacy("monitoring_cpu_freq_ghz", "monitoring_cpu_frequency_hertz")),
  CPU_COUNT(
      top("cpu_count", Kind.INTEGER)
          .gauge(
              "monitoring_cpus",
              null,
              "Online CPUs of the host: the cpuN lines of /proc/stat (node-mixin counts"
                  + " node_cpu_seconds_total{mode=\"idle\"}).")),
  CPU_MODE_SECONDS(
      in(RecordList.CPU_MODES, "seconds", Kind.NUMBER)
          .counter(
              "monitoring_cpu_seconds",
              "seconds",
              "Seconds all CPUs together spent in a mode since boot (/proc/stat; the sum over cpu"
                  + " of node_cpu_seconds_total)."));

  private final Declaration declaration;

  CpuMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
