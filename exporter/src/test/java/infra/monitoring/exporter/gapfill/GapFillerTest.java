package infra.monitoring.exporter.gapfill;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.feed.FeedStore;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.exporter.gapfill.RemoteWriteClient.Kind;
import infra.monitoring.exporter.gapfill.RemoteWriteClient.Outcome;
import infra.monitoring.exporter.gapfill.prompb.RemoteWrite.WriteRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GapFillerTest {
  /** 2026-11-23T10:00:00Z. */
  static final double T0 = 1795428000.0;

  @TempDir Path root;
  private final List<byte[]> bodies = new ArrayList<>();
  private final Deque<Outcome> answers = new ArrayDeque<>();
  private final List<Long> sleeps = new ArrayList<>();
  private long nanos;
  private PrometheusRegistry registry;

  static FeedRecord record(double epoch) {
    Metrics m = new Metrics();
    m.put(CollectorMetric.TIMESTAMP, epoch);
    String iso = Timestamps.iso(instant(epoch));
    return new FeedRecord(iso, "INFO", "x", "STABLE", iso, m, "h", List.of(), Map.of());
  }

  static Instant instant(double epoch) {
    long micros = Math.round(epoch * 1e6);
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
  }

  /** Records every second from T0 (plus a fraction, as real sample times have). */
  @BeforeEach
  void writeFeed() throws IOException {
    LogLayout layout = new LogLayout(root);
    Files.createDirectories(layout.jsonDir());
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      b.append(FeedCodec.encode(record(T0 + i + 0.25))).append('\n');
    }
    Files.writeString(
        layout.feedFile(LocalDate.parse("2026-11-23")), b.toString(), StandardCharsets.UTF_8);
    registry = new PrometheusRegistry();
  }

  private GapFiller filler(int batchSamples, double rate, Duration maxAge) {
    GapFillSettings s =
        new GapFillSettings(
            URI.create("http://127.0.0.1:1/api/v1/write"),
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            null,
            Duration.ofSeconds(5),
            "job1",
            "inst1",
            batchSamples,
            rate,
            Duration.ofMillis(30),
            Duration.ofMillis(200),
            Duration.ofSeconds(30),
            maxAge);
    return new GapFiller(
        new FeedStore(new LogLayout(root)),
        ZoneOffset.UTC,
        WriteBatchTest.SOURCE,
        s,
        body -> {
          bodies.add(body);
          return answers.isEmpty() ? new Outcome(Kind.SENT, 204, "") : answers.poll();
        },
        new GapFillMetrics(registry),
        () -> T0 + 600,
        () -> nanos,
        n -> {
          sleeps.add(n);
          nanos += n;
        });
  }

  /** The ms timestamps of monitoring_up in each body sent, in order. */
  private List<List<Long>> sentTimes() throws IOException {
    List<List<Long>> out = new ArrayList<>();
    for (byte[] b : bodies) {
      WriteRequest w = WriteRequest.parseFrom(SnappyBlock.decompress(b));
      List<Long> ts = new ArrayList<>();
      w.getTimeseries(0).getSamplesList().forEach(s -> ts.add(s.getTimestamp()));
      out.add(ts);
    }
    return out;
  }

  private static List<Long> expected(int fromSecond, int toSecond) {
    List<Long> out = new ArrayList<>();
    for (int i = fromSecond; i <= toSecond; i++) {
      out.add(Math.round((T0 + i + 0.25) * 1000));
    }
    return out;
  }

  private double sample(String result) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals("monitoring_gapfill_samples"))
        .flatMap(m -> m.getDataPoints().stream())
        .filter(p -> p.getLabels().get("result").equals(result))
        .mapToDouble(
            p ->
                ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p)
                    .getValue())
        .sum();
  }

  @Test
  void theRecordsStrictlyInsideTheGapArePushedInBatchesInTimeOrder() throws IOException {
    // Gap from the record served at second 99 to the scrape at second 160: records 100..159.
    GapFiller.Report r = filler(3 * 25, 1e12, null).fill(new Gap(T0 + 99.25, T0 + 160));
    List<List<Long>> sent = sentTimes();
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0)).isEqualTo(expected(100, 124));
    assertThat(sent.get(2)).isEqualTo(expected(150, 159));
    assertThat(sent.stream().flatMap(List::stream).toList()).isEqualTo(expected(100, 159));
    assertThat(r.records()).isEqualTo(60);
    assertThat(r.sent()).isEqualTo(180);
    assertThat(sample("sent")).isEqualTo(180);
  }

  @Test
  void aBatchTheReceiverFailsIsRetriedWithGrowingBackoffAndNoConfirmedBatchIsResent()
      throws IOException {
    answers.add(new Outcome(Kind.SENT, 204, ""));
    answers.add(new Outcome(Kind.RETRY, 503, "busy"));
    answers.add(new Outcome(Kind.RETRY, 0, "connection refused"));
    answers.add(new Outcome(Kind.RETRY, 0, "connection refused"));
    answers.add(new Outcome(Kind.RETRY, 0, "connection refused"));
    GapFiller.Report r = filler(3 * 20, 1e12, null).fill(new Gap(T0 + 99.25, T0 + 160));
    List<List<Long>> sent = sentTimes();
    // 1 confirmed, then the second batch 5 times (4 failures), then the third.
    assertThat(sent).hasSize(7);
    assertThat(sent.subList(1, 6)).allSatisfy(t -> assertThat(t).isEqualTo(expected(120, 139)));
    assertThat(new TreeSet<>(sent.stream().flatMap(List::stream).toList()))
        .containsExactlyElementsOf(expected(100, 159));
    assertThat(sleeps).containsExactly(30_000_000L, 60_000_000L, 120_000_000L, 200_000_000L);
    assertThat(r.retries()).isEqualTo(4);
    assertThat(sample("sent")).isEqualTo(180);
  }

  @Test
  void aLaterGapReachingBackIntoOneFilledIsPushedOnlyFromWhereTheFirstEnded() throws IOException {
    GapFiller f = filler(1000, 1e12, null);
    f.fill(new Gap(T0 + 99.25, T0 + 160));
    bodies.clear();
    f.fill(new Gap(T0 + 140, T0 + 200));
    assertThat(sentTimes().get(0)).isEqualTo(expected(160, 199));
  }

  @Test
  void recordsOlderThanTheMaxAgeOrRefusedAsTooOldAreCountedNotRetried() throws IOException {
    // Now is T0 + 600; max age 450 s: seconds 100..149 are too old here; the receiver then says
    // the first batch it gets is too old (Prometheus' 500 "too old sample") and takes the rest.
    answers.add(RemoteWriteClient.classify(500, "too old sample"));
    GapFiller.Report r =
        filler(3 * 5, 1e12, Duration.ofSeconds(450)).fill(new Gap(T0 + 99.25, T0 + 160));
    assertThat(r.tooOld()).isEqualTo(3 * 50 + 3 * 5);
    assertThat(r.sent()).isEqualTo(3 * 5);
    assertThat(r.tooOldFirst()).isEqualTo(T0 + 100.25);
    assertThat(r.tooOldLast()).isEqualTo(T0 + 154.25);
    assertThat(r.retries()).isZero();
    assertThat(sample("too_old")).isEqualTo(165);
  }

  @Test
  void aRejectedBatchIsCountedAndTheFillGoesOn() throws IOException {
    answers.add(RemoteWriteClient.classify(400, "invalid label"));
    GapFiller.Report r = filler(3 * 30, 1e12, null).fill(new Gap(T0 + 99.25, T0 + 160));
    assertThat(r.rejected()).isEqualTo(90);
    assertThat(r.sent()).isEqualTo(90);
    assertThat(r.rejection()).isEqualTo("400 invalid label");
    assertThat(sentTimes()).hasSize(2);
  }

  @Test
  void thePushRateStaysUnderTheLimit() throws IOException {
    // 60 records x 3 samples at 30 samples/s: 6 batches of 30; the first goes at once, each
    // next one a second later.
    filler(30, 30, null).fill(new Gap(T0 + 99.25, T0 + 160));
    assertThat(bodies).hasSize(6);
    assertThat(sleeps).hasSize(5).allSatisfy(n -> assertThat(n).isEqualTo(1_000_000_000L));
  }
}
