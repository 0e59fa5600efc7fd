package infra.monitoring.collector.feed;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.files.TestModes;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedWriterTest {
  private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo"); // UTC-3: local != UTC date
  @TempDir Path root;

  private LogLayout layout() {
    return new LogLayout(root);
  }

  static FeedRecord record(Instant t, double cpu) {
    Metrics m = new Metrics();
    m.put(CpuMetric.CPU_PERCENT, cpu);
    m.put(CollectorMetric.TIMESTAMP, Timestamps.epochSeconds(t));
    return new FeedRecord(
        Timestamps.iso(t),
        "INFO",
        "CPU " + cpu + "%",
        "STABLE",
        Timestamps.iso(t),
        m,
        "h",
        null,
        null);
  }

  private List<String> lines(Path file) throws Exception {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void appendsOneCompleteLinePerRecordIntoTheLocalDatesFile() throws Exception {
    Instant t = Instant.parse("2026-11-24T01:30:00Z"); // still the 23rd in São Paulo
    try (FeedWriter w = new FeedWriter(layout(), ZONE, true)) {
      assertThat(w.write(record(t, 1.5), t)).isTrue();
      assertThat(w.write(record(t.plusSeconds(1), 2.5), t.plusSeconds(1))).isTrue();
      assertThat(w.written()).isEqualTo(2);
    }
    Path file = layout().feedFile(LocalDate.of(2026, 11, 23));
    String text = Files.readString(file);
    assertThat(text).endsWith("\n");
    List<String> lines = lines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo(FeedCodec.encode(record(t, 1.5)));
    assertThat(FeedCodec.decode(lines.get(1)).metrics().number(CpuMetric.CPU_PERCENT))
        .isEqualTo(2.5);
  }

  @Test
  void switchesFileAtLocalMidnightBySampleDate() throws Exception {
    Instant before = Instant.parse("2026-11-24T02:59:59Z"); // 23:59:59 local on the 23rd
    Instant after = Instant.parse("2026-11-24T03:00:00Z"); // 00:00:00 local on the 24th
    try (FeedWriter w = new FeedWriter(layout(), ZONE, false)) {
      w.write(record(before, 1), before);
      w.write(record(after, 2), after);
      assertThat(w.currentFile()).isEqualTo(layout().feedFile(LocalDate.of(2026, 11, 24)));
    }
    assertThat(lines(layout().feedFile(LocalDate.of(2026, 11, 23)))).hasSize(1);
    assertThat(lines(layout().feedFile(LocalDate.of(2026, 11, 24)))).hasSize(1);
  }

  @Test
  void aPartialLastLineLeftByACrashIsClosedOffBeforeTheNextRecord() throws Exception {
    Instant t = Instant.parse("2026-11-23T12:00:00Z");
    Path file = layout().feedFile(LocalDate.of(2026, 11, 23));
    Files.createDirectories(file.getParent());
    String good = FeedCodec.encode(record(t.minusSeconds(1), 5));
    Files.writeString(file, good + "\n" + good.substring(0, 40));
    try (FeedWriter w = new FeedWriter(layout(), ZONE, true)) {
      w.open(LocalDate.of(2026, 11, 23)); // at start
      assertThat(Files.readString(file)).endsWith(good.substring(0, 40) + "\n");
      w.write(record(t, 7), t);
    }
    List<String> lines = lines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(good);
    assertThat(lines.get(1)).isEqualTo(good.substring(0, 40));
    assertThat(FeedCodec.decode(lines.get(2)).metrics().number(CpuMetric.CPU_PERCENT))
        .isEqualTo(7.0);
    // The exporter counts the fragment as a parse error and skips it.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedCodec.decode(lines.get(1)))
        .isInstanceOf(FeedFormatException.class);
  }

  @Test
  void aFileEndingInNewlineIsNotTouchedAtOpen() throws Exception {
    Path file = layout().feedFile(LocalDate.of(2026, 11, 23));
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"a\": 1}\n");
    try (FeedWriter w = new FeedWriter(layout(), ZONE, true)) {
      w.open(LocalDate.of(2026, 11, 23));
    }
    assertThat(Files.readString(file)).isEqualTo("{\"a\": 1}\n");
  }

  @Test
  void anUnwritableFeedKeepsSamplingAndRecoversWithoutCorruptingLines() throws Exception {
    Instant t = Instant.parse("2026-11-23T12:00:00Z");
    // A regular file where the json/ directory should be: every open fails.
    Files.writeString(root.resolve("json"), "not a directory");
    FeedWriter w = new FeedWriter(layout(), ZONE, true);
    assertThat(w.write(record(t, 1), t)).isFalse();
    assertThat(w.write(record(t.plusSeconds(1), 2), t.plusSeconds(1))).isFalse();
    assertThat(w.failures()).isEqualTo(2);
    assertThat(w.written()).isZero();

    Files.delete(root.resolve("json"));
    assertThat(w.write(record(t.plusSeconds(2), 3), t.plusSeconds(2))).isTrue();
    w.close();
    List<String> lines = lines(layout().feedFile(LocalDate.of(2026, 11, 23)));
    assertThat(lines).hasSize(1);
    assertThat(FeedCodec.decode(lines.get(0)).metrics().number(CpuMetric.CPU_PERCENT))
        .isEqualTo(3.0);
  }

  @Test
  void aFileDeletedOrMovedUnderTheWriterIsCreatedAgain() throws Exception {
    Instant t = Instant.parse("2026-11-23T12:00:00Z");
    Path file = layout().feedFile(LocalDate.of(2026, 11, 23));
    try (FeedWriter w = new FeedWriter(layout(), ZONE, false)) {
      w.write(record(t, 1), t);
      Files.move(file, root.resolve("moved.jsonl")); // someone moved it away
      assertThat(w.write(record(t.plusSeconds(1), 2), t.plusSeconds(1))).isTrue();
      assertThat(lines(file)).hasSize(1);
      Files.delete(file); // or deleted it, directory and all
      Files.delete(file.getParent());
      assertThat(w.write(record(t.plusSeconds(2), 3), t.plusSeconds(2))).isTrue();
    }
    assertThat(lines(root.resolve("moved.jsonl"))).hasSize(1);
    List<String> lines = lines(file);
    assertThat(lines).hasSize(1);
    assertThat(FeedCodec.decode(lines.get(0)).metrics().number(CpuMetric.CPU_PERCENT))
        .isEqualTo(3.0);
  }

  @Test
  void theFeedIsReadableByTheGroupOnlyInDirectoriesOfTheDirectoryMode() throws Exception {
    LogLayout fresh = new LogLayout(root.resolve("logs"));
    Instant t = Instant.parse("2026-11-23T12:00:00Z");
    try (FeedWriter w = new FeedWriter(fresh, ZONE, false)) {
      assertThat(w.write(record(t, 1), t)).isTrue();
    }
    String dirMode = TestModes.expected("rwxr-x---", root);
    assertThat(TestModes.of(fresh.root())).isEqualTo(dirMode);
    assertThat(TestModes.of(fresh.jsonDir())).isEqualTo(dirMode);
    assertThat(TestModes.of(fresh.feedFile(LocalDate.of(2026, 11, 23))))
        .isEqualTo(TestModes.expected("rw-r-----", root));
  }

  @Test
  void aLinkAtTheFeedFilesNameIsNeverWrittenThrough() throws Exception {
    Instant t = Instant.parse("2026-11-23T12:00:00Z");
    Path victim = root.resolve("victim");
    Files.writeString(victim, "private\n");
    Path file = layout().feedFile(LocalDate.of(2026, 11, 23));
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, victim);
    FeedWriter w = new FeedWriter(layout(), ZONE, false);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.open(LocalDate.of(2026, 11, 23)))
        .hasMessageContaining("not a regular file");
    assertThat(w.write(record(t, 1), t)).isFalse();
    assertThat(Files.readString(victim)).isEqualTo("private\n");
    // Once the link is gone, the next record makes a regular file.
    Files.delete(file);
    assertThat(w.write(record(t.plusSeconds(1), 2), t.plusSeconds(1))).isTrue();
    w.close();
    assertThat(Files.isSymbolicLink(file)).isFalse();
    assertThat(lines(file)).hasSize(1);
  }

  @Test
  void openFailsLoudlyAtStartWhenTheDirectoryCannotBeCreated() throws Exception {
    Files.writeString(root.resolve("json"), "x");
    FeedWriter w = new FeedWriter(layout(), ZONE, true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.open(LocalDate.of(2026, 1, 1)))
        .isInstanceOf(java.io.IOException.class);
  }
}
