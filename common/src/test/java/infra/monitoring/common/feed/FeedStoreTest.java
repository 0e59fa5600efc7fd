package infra.monitoring.common.feed;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedStoreTest {
  static final LocalDate D1 = LocalDate.of(2026, 11, 20);
  static final LocalDate D2 = LocalDate.of(2026, 11, 21);

  @TempDir Path root;
  LogLayout layout;
  FeedStore store;

  @BeforeEach
  void setUp() throws IOException {
    layout = new LogLayout(root);
    Files.createDirectories(layout.jsonDir());
    Files.createDirectories(layout.archiveDir());
    store = new FeedStore(layout);
  }

  static String line(double t) {
    return FeedCodec.encode(
        new FeedRecord(
            "ts",
            "INFO",
            "m",
            "STABLE",
            null,
            new Metrics().put(CollectorMetric.TIMESTAMP, t),
            "h",
            null,
            null));
  }

  void gzip(Path p, String text) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void feedDaysSpanArchiveAndJsonOldestFirstArchiveBeforePlain() throws IOException {
    gzip(layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.gz"), line(1) + "\n");
    gzip(layout.archiveDir().resolve("monitoring-2026-11-21.jsonl.gz"), line(2) + "\n");
    Files.writeString(layout.feedFile(D2), line(3) + "\n");
    Files.writeString(layout.jsonDir().resolve("other-2026-11-19.jsonl"), "");
    Files.writeString(layout.archiveDir().resolve("monitoring-2026-11-19.log.gz"), "");
    assertThat(store.feedFiles())
        .extracting(DatedFile::name)
        .containsExactly(
            "monitoring-2026-11-20.jsonl.gz",
            "monitoring-2026-11-21.jsonl.gz",
            "monitoring-2026-11-21.jsonl");
    assertThat(store.feedFile(D2)).contains(layout.feedFile(D2));
    assertThat(store.feedFile(D1))
        .contains(layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.gz"));
    assertThat(store.feedFile(D1.minusDays(5))).isEmpty();
    assertThat(store.newestFeedFile().path()).isEqualTo(layout.feedFile(D2));
  }

  @Test
  void linksAndNonRegularFilesAreNotFeedFiles() throws IOException {
    Path outside = Files.writeString(root.resolve("secret.jsonl"), line(1) + "\n");
    Files.createSymbolicLink(layout.feedFile(D2), outside);
    Files.createDirectory(layout.feedFile(D1));
    assertThat(store.feedFiles()).isEmpty();
    assertThat(store.feedFile(D2)).isEmpty();
    assertThat(store.newestFeedFile()).isNull();
    assertThat(FeedStore.regularFiles(layout.jsonDir())).isEmpty();
    assertThat(FeedStore.regularFiles(root.resolve("missing"))).isEmpty();
  }

  @Test
  void theCurrentFeedIsTodaysElseTheOneModifiedLastNotTheLargestName() throws IOException {
    Path d1 = Files.writeString(layout.feedFile(D1), line(1) + "\n");
    Path future = Files.writeString(layout.feedFile(D2.plusDays(30)), line(2) + "\n");
    Files.writeString(layout.jsonDir().resolve("monitoring-2026-11-29.jsonl.gz"), "");
    Files.setLastModifiedTime(d1, FileTime.fromMillis(2_000_000_000_000L));
    Files.setLastModifiedTime(future, FileTime.fromMillis(1_000_000_000_000L));
    assertThat(store.currentFeed(D2).file().path()).isEqualTo(d1);
    // Equal times: the later date.
    Files.setLastModifiedTime(future, FileTime.fromMillis(2_000_000_000_000L));
    assertThat(store.currentFeed(D2).file().path()).isEqualTo(future);
    // Today's, whatever the times.
    Path today = Files.writeString(layout.feedFile(D2), "");
    Files.setLastModifiedTime(today, FileTime.fromMillis(10_000L));
    assertThat(store.currentFeed(D2).file().path()).isEqualTo(today);
    assertThat(store.currentFeed(D2).notRegular()).isEmpty();
  }

  @Test
  void entriesNamedLikeTheFeedThatAreNotRegularFilesAreReportedNotChosen() throws IOException {
    Path yesterday = Files.writeString(layout.feedFile(D1), line(1) + "\n");
    Files.createDirectory(layout.feedFile(D2));
    Files.createSymbolicLink(layout.feedFile(D2.plusDays(1)), yesterday);
    FeedStore.CurrentFeed c = store.currentFeed(D2);
    assertThat(c.file().path()).isEqualTo(yesterday);
    assertThat(c.notRegular())
        .extracting(FeedStore.Skipped::path, FeedStore.Skipped::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(layout.feedFile(D2), "a directory"),
            org.assertj.core.groups.Tuple.tuple(
                layout.feedFile(D2.plusDays(1)), "a symbolic link"));
  }

  @Test
  void scanDecodesRecordsAndCountsTheOthersByReason() throws IOException {
    String text =
        line(1)
            + "\n\n"
            + "{\"broken\": \n"
            + "{\"metrics\": {}}\n"
            + "x".repeat(FeedStore.MAX_LINE_BYTES + 1)
            + "\n"
            + line(2)
            + "\n"
            + line(3).substring(0, 40);
    Path f = Files.writeString(layout.feedFile(D1), text);
    List<String> seen = new ArrayList<>();
    FeedStore.Scan scan =
        FeedStore.scan(
            f, FeedStore.LineFilter.NONE, (r, n) -> seen.add(n + ":" + r.epochSeconds()));
    assertThat(seen).containsExactly("1:1.0", "6:2.0");
    assertThat(scan.records()).isEqualTo(2);
    assertThat(scan.bad())
        .isEqualTo(
            Map.of(
                Reason.INVALID_JSON, 1L,
                Reason.NO_TIMESTAMP, 1L,
                Reason.TOO_LONG, 1L,
                Reason.PARTIAL, 1L));
    assertThat(scan.badLines()).isEqualTo(4);
  }

  @Test
  void aFilterSkipsLinesBeforeDecodingAndATruncatedGzipKeepsWhatWasRead() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      b.append(line(i)).append('\n');
    }
    Path gz = layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.gz");
    gzip(gz, b.toString());
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
    List<Long> lines = new ArrayList<>();
    FeedStore.Scan scan = FeedStore.scan(gz, (buf, len) -> false, (r, n) -> lines.add(n));
    assertThat(lines).isNotEmpty().hasSizeLessThan(2000);
    assertThat(scan.bad()).containsEntry(Reason.PARTIAL, 1L);
  }

  static List<String> lines(String text, int max) throws IOException {
    FeedLines l =
        new FeedLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
    List<String> out = new ArrayList<>();
    while (l.next()) {
      out.add(
          l.number()
              + (l.tooLong()
                  ? "!"
                  : ":" + new String(l.bytes(), 0, l.length(), StandardCharsets.UTF_8))
              + (l.terminated() ? "" : "$"));
    }
    return out;
  }

  @Test
  void linesSplitOnNewlinesNumberFromOneAndFlagOverlongAndUnfinishedOnes() throws IOException {
    assertThat(lines("a\n\nbé\nlast", 100)).containsExactly("1:a", "2:", "3:bé", "4:last$");
    assertThat(lines("", 100)).isEmpty();
    String big = "x".repeat(200_000);
    assertThat(lines(big + "\nz\n", 300_000)).containsExactly("1:" + big, "2:z");
    assertThat(lines(big + "\nz\n" + big, 1000)).containsExactly("1!", "2:z", "3!$");
  }
}
