package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.top;

/** Memory and swap of the host, and the paging and OOM counters of /proc/vmstat. */
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
          .gauge("monitoring_swap_total_bytes", "bytes", "Total swap of the host in bytes.")),
  VMSTAT_PGFAULT(vmstat("pgfault", "Page faults, minor and major")),
  VMSTAT_PGMAJFAULT(vmstat("pgmajfault", "Major page faults (the page was read from disk)")),
  VMSTAT_PSWPIN(vmstat("pswpin", "Pages swapped in")),
  VMSTAT_PSWPOUT(vmstat("pswpout", "Pages swapped out")),
  VMSTAT_OOM_KILL(vmstat("oom_kill", "Processes the kernel's OOM killer killed"));

  private final Declaration declaration;

  MemoryMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }

  /** A counter of /proc/vmstat, as node_exporter's vmstat collector serves it. */
  private static Declaration vmstat(String field, String what) {
    return top("vmstat_" + field, Kind.INTEGER)
        .counter(
            "monitoring_vmstat_" + field,
            null,
            what + " since boot (/proc/vmstat " + field + "; node_vmstat_" + field + ").");
  }
}
