package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.top;

/** Memory and swap of the host. */
public enum MemoryMetric implements Metric {
  MEMORY_PERCENT(
      top("memory_percent", Kind.NUMBER)
          .percent()
          .thresholds(75, 90)
          .gauge("monitoring_memory_percent", null, "Memory in use on the host, percent (0-100).")),
  MEMORY_USED_BYTES(
      top("memory_used_bytes", Kind.INTEGER)
          .gauge("monitoring_memory_used_bytes", "bytes", "Memory in use on the host in bytes.")),
  MEMORY_TOTAL_BYTES(
      top("memory_total_bytes", Kind.INTEGER)
          .gauge("monitoring_memory_total_bytes", "bytes", "Total memory of the host in bytes.")),
  SWAP_USED_BYTES(
      top("swap_used_bytes", Kind.INTEGER)
          .gauge("monitoring_swap_used_bytes", "bytes", "Swap in use on the host in bytes.")),
  SWAP_TOTAL_BYTES(
      top("swap_total_bytes", Kind.INTEGER)
          .gauge("monitoring_swap_total_bytes", "bytes", "Total swap of the host in bytes."));

  private final Declaration declaration;

  MemoryMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
