package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.SystemMetric;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Pressure stall information, as node_exporter's pressure collector reads it: the {@code total}
 * microseconds of the {@code some} line of {@code /proc/pressure/cpu}, and of the {@code some} and
 * {@code full} lines of {@code memory} and {@code io}. Null where the kernel lacks PSI (before
 * 4.20, built without CONFIG_PSI, or booted with psi=0, where reading fails with EOPNOTSUPP).
 */
public final class PressureSource implements Source {
  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public PressureSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "pressure";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    read("cpu", SystemMetric.PSI_CPU_SOME_USEC, null, into);
    read("memory", SystemMetric.PSI_MEMORY_SOME_USEC, SystemMetric.PSI_MEMORY_FULL_USEC, into);
    read("io", SystemMetric.PSI_IO_SOME_USEC, SystemMetric.PSI_IO_FULL_USEC, into);
  }

  private void read(String resource, Metric some, Metric full, Metrics into) throws IOException {
    String text;
    try {
      text = reader.read(paths.proc("pressure/" + resource));
    } catch (NoSuchFileException e) {
      return; // no PSI in this kernel
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("not supported")) {
        return; // built with PSI, disabled at boot (psi=0)
      }
      throw e;
    }
    into.put(some, total(text, "some"));
    if (full != null) {
      into.put(full, total(text, "full"));
    }
  }

  /** The {@code total=} microseconds of the line starting with {@code kind}, or null. */
  static Long total(String text, String kind) {
    for (String line : text.split("\n")) {
      if (line.startsWith(kind + " ")) {
        int t = line.indexOf("total=");
        return t < 0 ? null : Parse.longOrNull(line.substring(t + "total=".length()));
      }
    }
    return null;
  }
}
