package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The collector's own cost: CPU seconds since start (the JVM's process CPU time, user + system) and
 * resident memory ({@code VmRSS} of {@code /proc/self/status}). Always this process, even when the
 * other sources read a host's procfs.
 */
public final class SelfSource implements Source {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path STAT = Path.of("/proc/self/stat");

  /** USER_HZ: 100 on every Linux architecture Java runs on. */
  static final double CLOCK_TICKS_PER_SEC = 100.0;

  private final ProcReader reader = new ProcReader();
  private final java.lang.management.OperatingSystemMXBean os =
      ManagementFactory.getOperatingSystemMXBean();

  @Override
  public String name() {
    return "self";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    Double cpu = null;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long ns = sun.getProcessCpuTime();
      cpu = ns < 0 ? null : ns / 1e9;
    }
    if (cpu == null) {
      cpu = parseCpuSeconds(reader.readOrNull(STAT)); // a runtime without jdk.management
    }
    Long rss = parseRssBytes(reader.readOrNull(STATUS));
    into.put(CollectorMetric.COLLECTOR_CPU_SECONDS, cpu)
        .put(CollectorMetric.COLLECTOR_RSS_BYTES, rss);
  }

  /** utime + stime of a {@code /proc/<pid>/stat} text, in seconds, or null. */
  static Double parseCpuSeconds(String stat) {
    if (stat == null) {
      return null;
    }
    int close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
    String[] f = Parse.fields(stat.substring(close + 1));
    if (close < 0 || f.length < 13) {
      return null;
    }
    Long utime = Parse.longOrNull(f[11]);
    Long stime = Parse.longOrNull(f[12]);
    return utime == null || stime == null ? null : (utime + stime) / CLOCK_TICKS_PER_SEC;
  }

  /** {@code VmRSS} of a {@code /proc/<pid>/status} text, in bytes, or null. */
  static Long parseRssBytes(String status) {
    if (status == null) {
      return null;
    }
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String[] f = Parse.fields(line.substring(6));
        Long kb = f.length > 0 ? Parse.longOrNull(f[0]) : null;
        return kb == null ? null : kb * 1024;
      }
    }
    return null;
  }
}
