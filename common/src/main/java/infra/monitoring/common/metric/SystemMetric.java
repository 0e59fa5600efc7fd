package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.top;

/**
 * Kernel-wide figures of the host: load averages, file handles, scheduler counters of {@code
 * /proc/stat}, the clock's NTP state (timex) and pressure stall information (PSI).
 */
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
                  + " node_filefd_maximum).")),
  /** node-mixin's NodeFileDescriptorLimit levels (70 and 90 percent). */
  FILEFD_USED_PERCENT(top("filefd_used_percent", Kind.NUMBER).percent().thresholds(70, 90)),
  /** node-mixin's NodeSystemSaturation level (load per core over 2). */
  LOAD_PER_CPU(top("load_per_cpu", Kind.NUMBER).warning(2)),
  PROCS_RUNNING(
      top("procs_running", Kind.INTEGER)
          .gauge(
              "monitoring_procs_running",
              null,
              "Threads runnable or running now (/proc/stat procs_running; node_procs_running).")),
  PROCS_BLOCKED(
      top("procs_blocked", Kind.INTEGER)
          .gauge(
              "monitoring_procs_blocked",
              null,
              "Threads blocked waiting for I/O now (/proc/stat procs_blocked;"
                  + " node_procs_blocked).")),
  CONTEXT_SWITCHES(
      top("context_switches", Kind.INTEGER)
          .counter(
              "monitoring_context_switches",
              null,
              "Context switches since boot (/proc/stat ctxt; node_context_switches_total).")),
  INTERRUPTS(
      top("interrupts", Kind.INTEGER)
          .counter(
              "monitoring_intr",
              null,
              "Interrupts serviced since boot (/proc/stat intr; node_intr_total).")),
  FORKS(
      top("forks", Kind.INTEGER)
          .counter(
              "monitoring_forks",
              null,
              "Processes and threads created since boot (/proc/stat processes;"
                  + " node_forks_total).")),
  BOOT_TIME(
      top("boot_time_seconds", Kind.INTEGER)
          .gauge(
              "monitoring_boot_time_seconds",
              "seconds",
              "When the host booted, Unix time in seconds (/proc/stat btime;"
                  + " node_boot_time_seconds).")),
  TIMEX_OFFSET_SECONDS(
      top("timex_offset_seconds", Kind.NUMBER)
          .gauge(
              "monitoring_timex_offset_seconds",
              "seconds",
              "Offset between the kernel clock and its reference as the kernel's NTP discipline"
                  + " sees it, in seconds (adjtimex(2); node_timex_offset_seconds).")),
  TIMEX_MAXERROR_SECONDS(
      top("timex_maxerror_seconds", Kind.NUMBER)
          .gauge(
              "monitoring_timex_maxerror_seconds",
              "seconds",
              "Maximum error of the kernel clock in seconds; it grows to 16 when no NTP daemon"
                  + " updates it (adjtimex(2); node_timex_maxerror_seconds).")),
  TIMEX_SYNC(
      top("timex_sync", Kind.BOOLEAN)
          .gauge(
              "monitoring_timex_sync_status",
              null,
              "1 when the kernel clock is synchronised (adjtimex(2) did not return TIME_ERROR;"
                  + " node_timex_sync_status).")),
  PSI_CPU_SOME_USEC(psi("cpu", "some", "waiting", "some runnable tasks waited for a CPU")),
  PSI_MEMORY_SOME_USEC(psi("memory", "some", "waiting", "some tasks waited for memory")),
  PSI_MEMORY_FULL_USEC(
      psi("memory", "full", "stalled", "all non-idle tasks waited for memory at once")),
  PSI_IO_SOME_USEC(psi("io", "some", "waiting", "some tasks waited for I/O")),
  PSI_IO_FULL_USEC(psi("io", "full", "stalled", "all non-idle tasks waited for I/O at once"));

  private final Declaration declaration;

  SystemMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }

  /**
   * A pressure stall total of {@code /proc/pressure/<resource>}: microseconds in the record,
   * seconds served, under node_exporter's names ({@code some} is waiting, {@code full} stalled).
   */
  private static Declaration psi(String resource, String line, String word, String what) {
    return top("psi_" + resource + "_" + line + "_usec", Kind.INTEGER)
        .counter(
            "monitoring_pressure_" + resource + "_" + word + "_seconds",
            "seconds",
            "Seconds in which "
                + what
                + ", since boot (/proc/pressure/"
                + resource
                + " "
                + line
                + " total; node_pressure_"
                + resource
                + "_"
                + word
                + "_seconds_total).")
        .scale(1e-6);
  }
}
