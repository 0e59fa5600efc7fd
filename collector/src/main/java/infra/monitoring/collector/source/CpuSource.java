package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.SystemMetric;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code cpu_percent} (busy share of all CPUs between two runs, from {@code /proc/stat}), {@code
 * cpu_freq_ghz} (mean current frequency: sysfs {@code cpufreq/scaling_cur_freq}, else {@code cpu
 * MHz} of {@code /proc/cpuinfo}, as psutil), {@code cpu_count} (online CPUs, from the same read of
 * {@code /proc/stat}), {@code load_1/5/15} ({@code /proc/loadavg}) and {@code load_per_cpu} (load_1
 * per online CPU, node-mixin's saturation figure).
 */
public final class CpuSource implements Source {
  /** Frequency is refreshed at most this often (the original's cpu_freq_ghz interval). */
  static final long FREQ_REFRESH_NANOS = 30_000_000_000L;

  /** Jiffy counters of the aggregate {@code cpu} line: total and idle (idle + iowait). */
  record Ticks(long total, long idle) {}

  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();
  private final LongSupplier clock;
  private List<Path> freqFiles;
  private Ticks previous;
  private Double freqGhz;
  private long freqReadAt;
  private boolean freqEverRead;

  public CpuSource(HostPaths paths) {
    this(paths, System::nanoTime);
  }

  CpuSource(HostPaths paths, LongSupplier clock) {
    this.paths = paths;
    this.clock = clock;
    // No baseline here: a window from construction to the first sample would measure a fraction of
    // a second of the JVM's own start-up (100% busy on a small host, a false CRITICAL). The first
    // sample is the baseline and reports null; every later value covers a whole interval.
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    String stat = reader.read(paths.proc("stat"));
    Ticks now = parseStat(stat);
    into.put(CpuMetric.CPU_PERCENT, percent(previous, now));
    if (now != null) {
      previous = now;
    }
    int cpus = countCpus(stat);
    if (cpus > 0) {
      into.put(CpuMetric.CPU_COUNT, cpus);
    }
    double[] load = parseLoadavg(reader.readOrNull(paths.proc("loadavg")));
    if (load != null) {
      into.put(SystemMetric.LOAD_1, load[0]);
      into.put(SystemMetric.LOAD_5, load[1]);
      into.put(SystemMetric.LOAD_15, load[2]);
      if (cpus > 0) {
        into.put(SystemMetric.LOAD_PER_CPU, Parse.round(load[0] / cpus, 3));
      }
    }
    long t = clock.getAsLong();
    if (!freqEverRead || t - freqReadAt >= FREQ_REFRESH_NANOS) {
      freqGhz = readFrequencyGhz();
      freqReadAt = t;
      freqEverRead = true;
    }
    into.put(CpuMetric.CPU_FREQ_GHZ, freqGhz);
  }

  private Double readFrequencyGhz() {
    if (freqFiles == null) {
      freqFiles = listFreqFiles(paths.sys("devices/system/cpu"));
    }
    if (!freqFiles.isEmpty()) {
      long sumKhz = 0;
      int n = 0;
      for (Path f : freqFiles) {
        Long khz = Parse.longOrNull(reader.readOrNull(f));
        if (khz != null && khz > 0) {
          sumKhz += khz;
          n++;
        }
      }
      if (n > 0) {
        return Parse.round(sumKhz / (double) n / 1e6, 6);
      }
    }
    Double mhz = parseCpuinfoMhz(reader.readOrNull(paths.proc("cpuinfo")));
    return mhz == null ? null : Parse.round(mhz / 1000.0, 6);
  }

  private static List<Path> listFreqFiles(Path cpuDir) {
    List<Path> out = new ArrayList<>();
    // A plain filter, not a glob: globs compile a regex, costly on a cold start.
    DirectoryStream.Filter<Path> cpuN =
        p -> {
          String n = p.getFileName().toString();
          return n.length() > 3 && n.startsWith("cpu") && Character.isDigit(n.charAt(3));
        };
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(cpuDir, cpuN)) {
      for (Path cpu : ds) {
        Path f = cpu.resolve("cpufreq/scaling_cur_freq");
        if (Files.isReadable(f)) {
          out.add(f);
        }
      }
    } catch (IOException | SecurityException e) {
      // no cpufreq: fall back to /proc/cpuinfo
    }
    return List.copyOf(out);
  }

  /** The aggregate {@code cpu} line of {@code /proc/stat}, or null when absent. */
  static Ticks parseStat(String text) {
    if (text == null) {
      return null;
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = Parse.fields(line);
        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal; guest time is already inside user.
        for (int i = 1; i < f.length && i <= 8; i++) {
          Long v = Parse.longOrNull(f[i]);
          if (v == null) {
            return null;
          }
          total += v;
          if (i == 4 || i == 5) {
            idle += v;
          }
        }
        return f.length >= 5 ? new Ticks(total, idle) : null;
      }
    }
    return null;
  }

  /**
   * Online CPUs: the {@code cpuN} lines of {@code /proc/stat} (node_exporter lists one series per
   * such line, and node-mixin counts them).
   */
  static int countCpus(String text) {
    int n = 0;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("cpu", i)
          && i + 3 < text.length()
          && Character.isDigit(text.charAt(i + 3))) {
        n++;
      }
      int nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length() : nl + 1;
    }
    return n;
  }

  /** Busy percent between two ticks, one decimal; null without a usable delta. */
  static Double percent(Ticks before, Ticks after) {
    if (before == null || after == null) {
      return null;
    }
    long dt = after.total() - before.total();
    long di = after.idle() - before.idle();
    if (dt <= 0 || di < 0) {
      return null; // no tick elapsed, or counters went back (a restored snapshot)
    }
    return Parse.round(Parse.clampPercent(100.0 * (dt - di) / dt), 1);
  }

  /** load 1/5/15 from {@code /proc/loadavg}, or null. */
  static double[] parseLoadavg(String text) {
    if (text == null) {
      return null;
    }
    String[] f = Parse.fields(text);
    if (f.length < 3) {
      return null;
    }
    Double a = Parse.doubleOrNull(f[0]);
    Double b = Parse.doubleOrNull(f[1]);
    Double c = Parse.doubleOrNull(f[2]);
    return a == null || b == null || c == null ? null : new double[] {a, b, c};
  }

  /** Mean of the {@code cpu MHz} lines of {@code /proc/cpuinfo}, or null. */
  static Double parseCpuinfoMhz(String text) {
    if (text == null) {
      return null;
    }
    double sum = 0;
    int n = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("cpu MHz")) {
        int colon = line.indexOf(':');
        Double v = colon < 0 ? null : Parse.doubleOrNull(line.substring(colon + 1));
        if (v != null && v > 0) {
          sum += v;
          n++;
        }
      }
    }
    return n == 0 ? null : sum / n;
  }
}
