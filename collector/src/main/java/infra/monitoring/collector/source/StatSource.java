package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SystemMetric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel counters of {@code /proc/stat}, as node_exporter's cpu and stat collectors read them:
 * {@code cpu_modes} (seconds in each CPU mode, summed over the {@code cpuN} lines: what {@code sum
 * without (cpu) (node_cpu_seconds_total)} gives, and all that node-mixin's CPU alerts and USE views
 * use), {@code procs_running}, {@code procs_blocked}, {@code context_switches}, {@code interrupts},
 * {@code forks} and {@code boot_time_seconds}. The modes are a list rather than eight scalars so
 * that they are one family with a {@code mode} label, as in node_exporter, and PromQL can select
 * and sum them ({@code mode!="idle"}); per-CPU rows would multiply the record by the core count for
 * no alert that needs them.
 */
public final class StatSource implements Source {
  /** The modes of a cpu line, in the kernel's column order (guest time is inside user and nice). */
  static final List<String> MODES =
      List.of("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal");

  /** USER_HZ: {@code /proc/stat} counts in 1/100 s on every architecture (procfs's userHZ). */
  static final double TICKS_PER_SECOND = 100;

  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public StatSource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "stat";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    into.merge(parse(reader.read(paths.proc("stat"))));
  }

  /** The values of one {@code /proc/stat} text; a line that is absent or bad leaves its key out. */
  static Metrics parse(String text) {
    Metrics m = new Metrics();
    long[] ticks = new long[MODES.size()];
    int cpus = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3))) {
        String[] f = Parse.fields(line);
        for (int i = 1; i < f.length && i <= MODES.size(); i++) {
          Long v = Parse.longOrNull(f[i]);
          ticks[i - 1] += v == null ? 0 : v;
        }
        cpus++;
        continue;
      }
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      // intr: the total is the first number, the per-interrupt counts follow.
      int end = line.indexOf(' ', space + 1);
      Long v = Parse.longOrNull(line.substring(space + 1, end < 0 ? line.length() : end));
      switch (line.substring(0, space)) {
        case "intr" -> m.put(SystemMetric.INTERRUPTS, v);
        case "ctxt" -> m.put(SystemMetric.CONTEXT_SWITCHES, v);
        case "btime" -> m.put(SystemMetric.BOOT_TIME, v);
        case "processes" -> m.put(SystemMetric.FORKS, v);
        case "procs_running" -> m.put(SystemMetric.PROCS_RUNNING, v);
        case "procs_blocked" -> m.put(SystemMetric.PROCS_BLOCKED, v);
        default -> {}
      }
    }
    if (cpus > 0) {
      List<Metrics.Row> modes = new ArrayList<>(MODES.size());
      for (int i = 0; i < MODES.size(); i++) {
        modes.add(
            new Metrics.Row(MODES.get(i))
                .put(CpuMetric.CPU_MODE_SECONDS, ticks[i] / TICKS_PER_SECOND));
      }
      m.rows(RecordList.CPU_MODES, modes);
    }
    return m;
  }
}
