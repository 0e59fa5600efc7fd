package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.feed.DatedFile;
import infra.monitoring.common.feed.FeedStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gap fill end to end, against a real Prometheus 2.42 (remote-write receiver, out-of-order
 * window) and a real VictoriaMetrics, both scraping the exporter every second: scrape for a while,
 * stop the TSDB (the scrape gap; a record is written every second all along), start it again; the
 * TSDB then holds every record of the gap once, as the same series the scrapes stored, with no hole
 * or step at the gap's edges. With VictoriaMetrics the receiver also goes down in the middle of the
 * fill. The gap lasts {@code -Dgapfill.it.gapSeconds} (default 20); {@code
 * -Dgapfill.it.collectorJar=collector/target/collector.jar} has the real collector write the feed.
 */
class GapFillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB = "infra-monitoring";
  private static final String SERIES = "monitoring_last_sample_timestamp_seconds";

  @TempDir Path dir;

  @Test
  void prometheusHoldsEveryRecordOfTheGapOnceJoinedToTheScrapedSeries() throws Exception {
    run(Tsdb.Kind.PROMETHEUS, false);
  }

  @Test
  void victoriaMetricsDownDuringTheFillGetsEveryRecordOnceAfterRetries() throws Exception {
    run(Tsdb.Kind.VICTORIA_METRICS, true);
  }

  private void run(Tsdb.Kind kind, boolean receiverDownDuringFill) throws Exception {
    assumeTrue(Tsdb.binary(kind) != null, kind + " not installed");
    int gapSeconds = Integer.getInteger("gapfill.it.gapSeconds", 20);
    Path root = dir.resolve("logs");
    LogLayout layout = new LogLayout(root);
    Files.createDirectories(layout.jsonDir());
    int tsdbPort = Tsdb.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("MONITORING_LOG_ROOT", root.toString());
    env.put(
        "MONITORING_GAPFILL_REMOTE_WRITE_URL", "http://127.0.0.1:" + tsdbPort + "/api/v1/write");
    env.put("MONITORING_GAPFILL_MIN_GAP", "3s");
    env.put("MONITORING_GAPFILL_MAX_BACKOFF", "1s");
    if (receiverDownDuringFill) {
      // A fill slow enough (about 6 s for 20 s of records) to stop the receiver in its middle.
      env.put("MONITORING_GAPFILL_MAX_SAMPLES_PER_SEC", "200");
      env.put("MONITORING_GAPFILL_BATCH_SAMPLES", "100");
    }
    try (Feed feed = new Feed(root);
        ExporterProcess exporter = ExporterProcess.start(dir, env);
        Tsdb tsdb =
            Tsdb.start(kind, dir.resolve("tsdb"), tsdbPort, JOB, "127.0.0.1:" + exporter.port)) {
      assertThat(feed.running()).isTrue();
      Thread.sleep(8_000);
      tsdb.down();
      Thread.sleep(gapSeconds * 1000L);
      double restarted = now();
      tsdb.up();
      waitScraped(tsdb, restarted);
      if (receiverDownDuringFill) {
        waitFor(exporter, m -> m.sent() > 0 && m.inProgress(), 60);
        tsdb.down();
        waitFor(exporter, m -> m.retries() > 0, 30);
        // Down long enough that the scrapes it misses are a gap too (over 3 s here).
        Thread.sleep(8_000);
        restarted = now();
        tsdb.up();
        waitScraped(tsdb, restarted);
      }
      double after = restarted;
      // The slow fill (200 samples/s) of a long gap (-Dgapfill.it.gapSeconds=300) with the real
      // collector's records (about 150 samples each) takes minutes.
      Metrics done =
          waitFor(
              exporter,
              m -> m.gaps() >= 1 && !m.inProgress() && m.lastEnd() >= after,
              120 + 3 * gapSeconds);
      // Scrapes on both sides of the gap, and the TSDB's own flush.
      Thread.sleep(4_000);
      done = metrics(exporter);
      List<long[]> stored = stored(tsdb);
      List<Long> records = recordTimes(root);

      // Each stored sample: [timestamp ms, value (the record's sample time) in ms].
      TreeSet<Long> times = new TreeSet<>();
      for (long[] s : stored) {
        assertThat(times.add(s[0])).as("duplicate sample at %d", s[0]).isTrue();
        // A scrape's timestamp is taken before its request is sent: a record written in between
        // is served by that scrape and is a few milliseconds newer than the scrape's timestamp.
        assertThat(s[0] - s[1]).as("sample at %d", s[0]).isBetween(-1_000L, 2_500L);
      }
      for (int i = 1; i < stored.size(); i++) {
        assertThat(stored.get(i)[0] - stored.get(i - 1)[0])
            .as("hole before %d", stored.get(i)[0])
            .isLessThanOrEqualTo(2_500L);
      }
      long gapStart = Math.round(done.lastStart() * 1000);
      long gapEnd = Math.round(done.lastEnd() * 1000);
      List<Long> inGap = records.stream().filter(t -> t > gapStart && t < gapEnd).toList();
      TreeSet<Long> storedInGap = new TreeSet<>(times.subSet(gapStart, false, gapEnd, false));
      // A record a second all along: the gap holds about as many records as it lasts seconds.
      assertThat(inGap.size()).isGreaterThanOrEqualTo((int) ((gapEnd - gapStart) / 1000) - 2);
      assertThat(storedInGap).containsAll(inGap);
      // Besides the records, at most the last scrape before the gap and the one that ended it (the
      // TSDB stamps it before its request reaches the exporter) lie inside it.
      storedInGap.removeAll(inGap);
      assertThat(storedInGap).hasSizeLessThanOrEqualTo(2);
      assertThat(done.sent()).isPositive();
      assertThat(done.rejected() + done.tooOld()).isZero();
      if (receiverDownDuringFill) {
        assertThat(done.retries()).isPositive();
        assertThat(done.gaps()).isGreaterThanOrEqualTo(2);
      }
      assertThat(exporter.log()).contains("gap fill: gap ");
      System.out.printf(
          "%s: gap %.1f s, %d records in it, %d stored samples of %s, %d samples sent, %d"
              + " retries%n",
          kind,
          done.lastEnd() - done.lastStart(),
          inGap.size(),
          stored.size(),
          SERIES,
          (long) done.sent(),
          (long) done.retries());
    }
  }

  /**
   * Waits until the TSDB has scraped the exporter since {@code since} (epoch seconds). The test's
   * own GETs of /metrics are scrapes to the exporter: one before the TSDB's first scrape after a
   * restart (Prometheus applies its targets 5 s after start) would end the gap there, and the
   * records served to the test until the TSDB scrapes would be stored nowhere.
   */
  private static void waitScraped(Tsdb tsdb, double since) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonNode targets =
          JSON.readTree(tsdb.get("/api/v1/targets").body()).path("data").path("activeTargets");
      for (JsonNode t : targets) {
        String last = t.path("lastScrape").asText("");
        if (!last.isEmpty()
            && Timestamps.epochSeconds(OffsetDateTime.parse(last).toInstant()) > since) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the TSDB did not scrape after its restart: " + targets);
      }
      Thread.sleep(100);
    }
  }

  private static double now() {
    return Timestamps.epochSeconds(Instant.now());
  }

  /** The record sample times of the feed, in milliseconds. */
  private static List<Long> recordTimes(Path root) throws Exception {
    List<Long> out = new ArrayList<>();
    for (DatedFile f : new FeedStore(new LogLayout(root)).feedFiles()) {
      FeedStore.scan(
          f.path(),
          FeedStore.LineFilter.NONE,
          (r, line) -> out.add(Math.round(r.epochSeconds() * 1000)));
    }
    return out;
  }

  /** The stored samples of {@link #SERIES} (one series: scraped and pushed share the labels). */
  private static List<long[]> stored(Tsdb tsdb) throws Exception {
    String match = URLEncoder.encode(SERIES + "{job=\"" + JOB + "\"}", StandardCharsets.UTF_8);
    List<long[]> out = new ArrayList<>();
    if (tsdb.kind == Tsdb.Kind.PROMETHEUS) {
      String body = tsdb.get("/api/v1/query?query=" + match + "%5B30m%5D&time=" + now()).body();
      JsonNode result = JSON.readTree(body).path("data").path("result");
      assertThat(result.size()).as(body).isEqualTo(1);
      for (JsonNode v : result.get(0).path("values")) {
        out.add(
            new long[] {
              Math.round(v.get(0).asDouble() * 1000), Math.round(v.get(1).asDouble() * 1000)
            });
      }
    } else {
      // Export gives the raw samples, duplicates included (VictoriaMetrics keeps them).
      tsdb.get("/internal/force_flush");
      String body = tsdb.get("/api/v1/export?match%5B%5D=" + match).body();
      String[] lines = body.strip().split("\n");
      assertThat(lines).as(body).hasSize(1);
      JsonNode series = JSON.readTree(lines[0]);
      JsonNode ts = series.path("timestamps");
      JsonNode vs = series.path("values");
      for (int i = 0; i < ts.size(); i++) {
        if (vs.get(i).isNumber()) {
          out.add(new long[] {ts.get(i).asLong(), Math.round(vs.get(i).asDouble() * 1000)});
        }
      }
    }
    out.sort((a, b) -> Long.compare(a[0], b[0]));
    return out;
  }

  /** The exporter's gap fill metrics. */
  record Metrics(
      double sent,
      double rejected,
      double tooOld,
      double retries,
      double gaps,
      double lastStart,
      double lastEnd,
      boolean inProgress) {}

  static Metrics metrics(ExporterProcess e) throws Exception {
    Map<String, Double> m = Exposition.parse(Http.get(e.port, "/metrics").body());
    return new Metrics(
        m.getOrDefault("monitoring_gapfill_samples_total{result=\"sent\"}", 0.0),
        m.getOrDefault("monitoring_gapfill_samples_total{result=\"rejected\"}", 0.0),
        m.getOrDefault("monitoring_gapfill_samples_total{result=\"too_old\"}", 0.0),
        m.getOrDefault("monitoring_gapfill_retries_total", 0.0),
        m.getOrDefault("monitoring_gapfill_gaps_total", 0.0),
        m.getOrDefault("monitoring_gapfill_last_gap_start_timestamp_seconds", 0.0),
        m.getOrDefault("monitoring_gapfill_last_gap_end_timestamp_seconds", 0.0),
        m.getOrDefault("monitoring_gapfill_in_progress", 0.0) > 0);
  }

  static Metrics waitFor(ExporterProcess e, java.util.function.Predicate<Metrics> done, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      Metrics m = metrics(e);
      if (done.test(m)) {
        return m;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gap fill did not get there: " + m + "\n" + e.log());
      }
      Thread.sleep(100);
    }
  }

  /**
   * The feed: a record every second written by this test (or the real collector with {@code
   * -Dgapfill.it.collectorJar}).
   */
  static final class Feed implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Process collector;

    Feed(Path root) throws Exception {
      String jar = System.getProperty("gapfill.it.collectorJar");
      if (jar != null && !jar.isBlank()) {
        Path jarPath = Path.of(jar).toAbsolutePath();
        ProcessBuilder pb =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "@" + jarPath.getParent().getParent().resolve("jvm.options"),
                    "-jar",
                    jarPath.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolveSibling("collector.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MONITORING_"));
        pb.environment().put("MONITORING_LOG_ROOT", root.toString());
        pb.environment().put("MONITORING_INTERVAL_SEC", "1");
        collector = pb.start();
        return;
      }
      timer.scheduleAtFixedRate(
          () -> {
            double t = now();
            LocalDate day = LocalDate.ofInstant(Instant.now(), ZoneId.systemDefault());
            try {
              Files.writeString(
                  new LogLayout(root).feedFile(day),
                  TestRecords.line(TestRecords.full(t, 20 + (long) t % 60)),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
            } catch (java.io.IOException ex) {
              throw new java.io.UncheckedIOException(ex);
            }
          },
          0,
          1,
          TimeUnit.SECONDS);
    }

    boolean running() {
      return collector != null ? collector.isAlive() : !timer.isShutdown();
    }

    @Override
    public void close() {
      timer.shutdownNow();
      if (collector != null) {
        collector.destroy();
        try {
          collector.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          collector.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
