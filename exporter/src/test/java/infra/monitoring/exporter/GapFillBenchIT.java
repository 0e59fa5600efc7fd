package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of filling a 1-hour gap of 1 s records (3600 records) into VictoriaMetrics, with the
 * shipped jvm.options: samples pushed per second, the exporter's CPU seconds and heap, beside the
 * receiver's CPU for the same samples. A measurement, not a check: runs only with {@code
 * -Dgapfill.bench=true} (and {@code -Dgapfill.bench.rate=N} samples/s, default the shipped 5000).
 */
class GapFillBenchIT {
  @TempDir Path dir;

  @Test
  void fillAnHourOfRecords() throws Exception {
    assumeTrue(Boolean.getBoolean("gapfill.bench"), "-Dgapfill.bench=true");
    assumeTrue(Tsdb.binary(Tsdb.Kind.VICTORIA_METRICS) != null, "victoria-metrics");
    String rate = System.getProperty("gapfill.bench.rate", "5000");
    Path root = dir.resolve("logs");
    LogLayout layout = new LogLayout(root);
    Files.createDirectories(layout.jsonDir());
    double now = Timestamps.epochSeconds(Instant.now());
    double first = now - 3601;
    Path feed = layout.feedFile(LocalDate.ofInstant(Instant.now(), ZoneId.systemDefault()));
    // Only the record of an hour ago at first: it is what the scrapes before the gap serve.
    Files.writeString(feed, TestRecords.line(TestRecords.full(first, 10)));
    int vmPort = Tsdb.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("MONITORING_LOG_ROOT", root.toString());
    env.put("MONITORING_STALE_AFTER_SEC", "100000");
    env.put("MONITORING_GAPFILL_REMOTE_WRITE_URL", "http://127.0.0.1:" + vmPort + "/api/v1/write");
    env.put("MONITORING_GAPFILL_MIN_GAP", "2s");
    env.put("MONITORING_GAPFILL_MAX_SAMPLES_PER_SEC", rate);
    try (ExporterProcess exporter = ExporterProcess.start(dir, env);
        Tsdb vm =
            Tsdb.start(
                Tsdb.Kind.VICTORIA_METRICS, dir.resolve("vm"), vmPort, "bench", "127.0.0.1:1")) {
      for (int i = 0; i < 6; i++) {
        Http.get(exporter.port, "/metrics");
        Thread.sleep(500);
      }
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= 3600; i++) {
        b.append(TestRecords.line(TestRecords.full(first + i, 10 + i % 80)));
      }
      Files.writeString(feed, b.toString(), StandardOpenOption.APPEND);
      Thread.sleep(3_000);
      long pid = exporter.process.pid();
      double cpu0 = cpuSeconds(pid);
      double vmCpu0 = cpuSeconds(vm.pid());
      long t0 = System.nanoTime();
      Http.get(exporter.port, "/metrics"); // ends the gap
      long maxHeap = 0;
      GapFillIT.Metrics m;
      do {
        Thread.sleep(250);
        maxHeap = Math.max(maxHeap, heapUsed(pid));
        m = GapFillIT.metrics(exporter);
      } while (m.inProgress() || m.sent() == 0);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = cpuSeconds(pid) - cpu0;
      double vmCpu = cpuSeconds(vm.pid()) - vmCpu0;
      System.out.printf(
          "bench: rate limit %s/s: %.0f samples of %d records in %.1f s = %.0f samples/s;"
              + " exporter CPU %.2f s (%.1f us/sample), max heap used %.1f MiB (of -Xmx12m),"
              + " RSS %.1f MiB; VictoriaMetrics CPU %.2f s for the same samples (ratio %.2f)%n",
          rate,
          m.sent(),
          3600,
          seconds,
          m.sent() / seconds,
          cpu,
          cpu / m.sent() * 1e6,
          maxHeap / 1048576.0,
          rssKib(pid) / 1024.0,
          vmCpu,
          cpu / vmCpu);
      assertThat(m.sent()).isPositive();
    }
  }

  static double cpuSeconds(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  static long rssKib(long pid) throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return 0;
  }

  /** Heap in use (eden + survivors + old), from jstat. */
  static long heapUsed(long pid) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                "-gc",
                String.valueOf(pid))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).strip().lines().toList();
    p.waitFor();
    if (lines.size() < 2) {
      return 0;
    }
    String[] h = lines.get(0).trim().split("\\s+");
    String[] v = lines.get(1).trim().split("\\s+");
    double kib = 0;
    for (int i = 0; i < h.length && i < v.length; i++) {
      if (List.of("S0U", "S1U", "EU", "OU").contains(h[i])) {
        kib += Double.parseDouble(v[i]);
      }
    }
    return (long) (kib * 1024);
  }
}
