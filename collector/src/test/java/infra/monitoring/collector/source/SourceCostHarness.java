package infra.monitoring.collector.source;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.RecordList;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Cost of each source on this machine, not a test: CPU and wall time per run of each source's
 * {@code sample()} on the calling thread, after a warm-up, plus the cold cost of the registry and
 * of the first sample. Run from collector/ after {@code test-compile}: {@code java -cp
 * target/classes:target/test-classes:$(cat cp.txt)
 * infra.monitoring.collector.source.SourceCostHarness [runs]}. Probe targets come from the
 * environment as usual (use 127.0.0.1 only).
 */
public final class SourceCostHarness {
  private SourceCostHarness() {}

  /**
   * {@code live N}: the Sampler alone at one sample a second for N seconds, as the daemon drives
   * it; prints the whole process's CPU per sample (JIT and GC included) over each 30 s window.
   */
  static void live(int samples) throws Exception {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    CollectorSettings settings =
        CollectorSettings.load(new String[0], System.getenv(), Path.of("").toAbsolutePath());
    try (Sampler sampler =
        new Sampler(
            SourceRegistry.create(settings.sources(), settings.probes()),
            settings.sources(),
            settings.run().intervalSec())) {
      long start = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      for (int i = 1; i <= samples; i++) {
        Metrics m = sampler.sample();
        if (i % 30 == 0) {
          long cpu = os.getProcessCpuTime();
          System.out.printf(
              Locale.ROOT,
              "samples %d-%d: %.2f ms process cpu per sample, rss %d KiB%n",
              i - 29,
              i,
              (cpu - cpu0) / 1e6 / 30,
              m.integer(CollectorMetric.COLLECTOR_RSS_BYTES) / 1024);
          cpu0 = cpu;
        }
        long next = start + i * 1_000_000_000L;
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 1 && args[0].equals("live")) {
      live(Integer.parseInt(args[1]));
      return;
    }
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    // Logging is set up by the daemon before the sources; keep its cost out of theirs.
    long l0 = threads.getCurrentThreadCpuTime();
    org.slf4j.LoggerFactory.getLogger(SourceCostHarness.class).debug("start");
    System.out.printf(
        Locale.ROOT, "logging init %.1f ms cpu%n", (threads.getCurrentThreadCpuTime() - l0) / 1e6);
    long c0 = threads.getCurrentThreadCpuTime();
    long w0 = System.nanoTime();
    CollectorSettings settings =
        CollectorSettings.load(new String[0], System.getenv(), Path.of("").toAbsolutePath());
    long cs0 = threads.getCurrentThreadCpuTime();
    List<Source> sources = SourceRegistry.create(settings.sources(), settings.probes());
    System.out.printf(
        Locale.ROOT,
        "cold: settings %.1f ms cpu; registry %.1f ms cpu%n",
        (cs0 - c0) / 1e6,
        (threads.getCurrentThreadCpuTime() - cs0) / 1e6);
    long c1 = threads.getCurrentThreadCpuTime();
    long w1 = System.nanoTime();
    try (Sampler sampler = new Sampler(sources, settings.sources(), settings.run().intervalSec())) {
      Metrics first = sampler.sample();
      long c2 = threads.getCurrentThreadCpuTime();
      long w2 = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "cold: settings+registry %.1f ms cpu / %.1f ms wall; first sample %.1f ms cpu / %.1f ms"
              + " wall%n",
          (c1 - c0) / 1e6,
          (w1 - w0) / 1e6,
          (c2 - c1) / 1e6,
          (w2 - w1) / 1e6);
      first.rows(RecordList.SOURCES).forEach(s -> System.out.println("  first: " + s));
      System.out.printf(Locale.ROOT, "%-12s %12s %12s%n", "source", "cpu µs/run", "wall µs/run");
      double totalCpu = 0;
      for (Source s : sources) {
        for (int i = 0; i < runs / 4; i++) {
          s.sample(new Metrics()); // warm-up (JIT)
        }
        long cs = threads.getCurrentThreadCpuTime();
        long ws = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          s.sample(new Metrics());
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cs) / 1e3 / runs;
        double wall = (System.nanoTime() - ws) / 1e3 / runs;
        totalCpu += cpu;
        System.out.printf(Locale.ROOT, "%-12s %12.1f %12.1f%n", s.name(), cpu, wall);
      }
      System.out.printf(
          Locale.ROOT, "%-12s %12.1f   (every source run in one sample)%n", "sum", totalCpu);
      // A realistic tick: the Sampler with the default intervals, over 60 one-second ticks.
      long[] clock = {0};
      Sampler ticks =
          new Sampler(sources, settings.sources(), settings.run().intervalSec(), () -> clock[0]);
      long cs = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < 60; i++) {
        ticks.sample();
        clock[0] += 1_000_000_000L;
      }
      System.out.printf(
          Locale.ROOT,
          "sampler with default intervals: %.1f µs cpu per 1 s tick (mean of 60)%n",
          (threads.getCurrentThreadCpuTime() - cs) / 1e3 / 60);
    }
  }
}
