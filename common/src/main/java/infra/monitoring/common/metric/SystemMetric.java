package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.top;

/** Kernel-wide figures of the host: load averages, file handles. */
public enum SystemMetric implements Metric {
  LOAD_1(
      top("load_1", Kind.NUMBER)
          .gauge("monitoring_load1", null, "1-minute load average.")
          .legacy("monitoring_load_1", "monitoring_load1")),
  LOAD_5(
      top("load_5", Kind.NUMBER)
          .gauge("monitoring_load5", null, "5-minute load average.")
          .legacy("monitoring_load_5", "monitoring_load5")),
  LOAD_15(
      top("load_15", Kind.NUMBER)
          .gauge("monitoring_load15", null, "15-minute load average.")
          .legacy("monitoring_load_15", "monitoring_load15")),
  FILEFD_ALLOCATED(
      top("filefd_allocated", Kind.INTEGER)
          .gauge(
              "monitoring_filefd_allocated",
              null,
              "File handles the kernel has allocated (/proc/sys/fs/file-nr; node_filefd_allocated).")),
  FILEFD_MAXIMUM(
      top("filefd_maximum", Kind.INTEGER)
          .gauge(
              "monitoring_filefd_maximum",
              null,
              "Most file handles the kernel will allocate (/proc/sys/fs/file-nr;"
                  + " node_filefd_maximum)."));

  private final Declaration declaration;

  SystemMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
