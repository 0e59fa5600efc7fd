package infra.monitoring.common.feed;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedWindowTest {
  @TempDir Path root;

  static boolean outside(String line, String from, String to) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return FeedWindow.outside(
        b, b.length, FeedWindow.tsKey(Instant.parse(from)), FeedWindow.tsKey(Instant.parse(to)));
  }

  @Test
  void thePrefilterSkipsOnlyFeedLinesClearlyOutsideTheWindow() {
    String from = "2026-11-23T10:00:00Z";
    String to = "2026-11-23T11:00:00Z";
    assertThat(outside("{\"ts\": \"2026-11-23T09:59:59.000001+00:00\", \"x\": 1}", from, to))
        .isTrue();
    assertThat(outside("{\"ts\": \"2026-11-23T10:30:00.000001+00:00\", \"x\": 1}", from, to))
        .isFalse();
    assertThat(outside("{\"ts\": \"2026-11-23T11:00:01.5+00:00\", \"x\": 1}", from, to)).isTrue();
    // Not the feed's form: decoded, never skipped on a guess.
    assertThat(outside("{\"ts\": \"2026-11-23T08:00:00.000001+02:00\", \"x\": 1}", from, to))
        .isFalse();
    assertThat(outside("{\"level\": \"INFO\", \"ts\": \"2026-11-23T01:00:00+00:00\"}", from, to))
        .isFalse();
    assertThat(outside("{\"ts\": \"garbage-11-23T01:00:00+00:00\"}", from, to)).isFalse();
  }

  static FeedRecord record(Instant t) {
    Metrics m = new Metrics();
    m.put(CollectorMetric.TIMESTAMP, Timestamps.epochSeconds(t));
    return new FeedRecord(
        Timestamps.iso(t),
        "INFO",
        "sample",
        Severity.STABLE.name(),
        Timestamps.iso(t),
        m,
        "host",
        List.of(),
        Map.of());
  }

  private void write(LocalDate day, Instant first, int count) throws IOException {
    LogLayout layout = new LogLayout(root);
    Files.createDirectories(layout.jsonDir());
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(FeedCodec.encode(record(first.plusSeconds(i)))).append('\n');
    }
    Files.writeString(layout.feedFile(day), b.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void aWindowAcrossMidnightReadsBothDaysAndOnlyItsRecords() throws IOException {
    Instant evening = Instant.parse("2026-11-23T23:00:00Z");
    write(LocalDate.parse("2026-11-23"), evening, 3600);
    write(LocalDate.parse("2026-11-24"), Instant.parse("2026-11-24T00:00:00Z"), 3600);
    List<Double> seen = new ArrayList<>();
    FeedWindow.Result r =
        FeedWindow.scan(
            new FeedStore(new LogLayout(root)),
            ZoneOffset.UTC,
            false,
            Instant.parse("2026-11-23T23:59:58Z"),
            Instant.parse("2026-11-24T00:00:01Z"),
            (rec, t, file, line) -> seen.add(t));
    assertThat(r.files())
        .containsExactly("monitoring-2026-11-23.jsonl", "monitoring-2026-11-24.jsonl");
    double base = Timestamps.epochSeconds(Instant.parse("2026-11-23T23:59:58Z"));
    assertThat(seen).containsExactly(base, base + 1, base + 2, base + 3);
    assertThat(r.badLines()).isZero();
  }

  @Test
  void aFileIsReadNoFurtherThanTheMarginPastTheWindow() throws IOException {
    Instant first = Instant.parse("2026-11-23T10:00:00Z");
    write(LocalDate.parse("2026-11-23"), first, 3600);
    // A line that is not a record at the end: counted only if the read went that far.
    Path f = new LogLayout(root).feedFile(LocalDate.parse("2026-11-23"));
    Files.writeString(f, "not a record\n", java.nio.file.StandardOpenOption.APPEND);
    List<Double> seen = new ArrayList<>();
    FeedWindow.Result r =
        FeedWindow.scan(
            new FeedStore(new LogLayout(root)),
            ZoneOffset.UTC,
            true,
            first,
            first.plusSeconds(9),
            (rec, t, file, line) -> seen.add(t));
    assertThat(seen).hasSize(10);
    assertThat(r.badLines()).isZero();
  }
}
