package infra.monitoring.collector.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.collector.files.TestModes;
import infra.monitoring.common.LogLayout;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation, retention and archive repair, driven by explicit "now" instants (the fake clock). */
class ArchiveTasksTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static final Duration DAY = Duration.ofDays(1);

  @TempDir Path root;
  private LogLayout layout;
  private Rotation rotation;
  private Retention retention;
  private ArchiveRepair repair;

  @BeforeEach
  void setUp() throws Exception {
    layout = new LogLayout(root);
    Files.createDirectories(layout.jsonDir());
    Files.createDirectories(layout.logDir());
    Files.createDirectories(layout.archiveDir());
    rotation = new Rotation(layout, ZONE, DAY);
    retention = new Retention(layout, ZONE, Duration.ofDays(7), 7, 30);
    repair = new ArchiveRepair(layout, Duration.ofHours(1));
  }

  /** A local wall time in the test zone. */
  private static Instant at(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
  }

  private Path write(Path dir, String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static String gunzip(Path gz) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private List<String> archive() throws Exception {
    try (Stream<Path> s = Files.list(layout.archiveDir())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void pastDaysAreGzippedAndRemovedTodaysFileIsUntouched() throws Exception {
    Path old = write(layout.jsonDir(), "monitoring-2026-11-21.jsonl", "{\"a\": 1}\n");
    Path yesterday = write(layout.jsonDir(), "monitoring-2026-11-22.jsonl", "{\"b\": 2}\n");
    Path human = write(layout.logDir(), "average_metric_safe-2026-11-22.log", "summary\n");
    Path today = write(layout.jsonDir(), "monitoring-2026-11-23.jsonl", "{\"c\": 3}\n");
    Path undated = write(layout.jsonDir(), "notes.jsonl", "x\n");
    // mtime plays no part: make yesterday's file look fresh and today's look ancient.
    Files.setLastModifiedTime(
        today, java.nio.file.attribute.FileTime.from(at("2020-01-01T00:00:00")));

    rotation.run(at("2026-11-23T10:00:00"));

    assertThat(old).doesNotExist();
    assertThat(yesterday).doesNotExist();
    assertThat(human).doesNotExist();
    assertThat(today).exists();
    assertThat(undated).exists();
    assertThat(archive())
        .containsExactly(
            "average_metric_safe-2026-11-22.log.gz",
            "monitoring-2026-11-21.jsonl.gz",
            "monitoring-2026-11-22.jsonl.gz");
    assertThat(gunzip(layout.archiveDir().resolve("monitoring-2026-11-22.jsonl.gz")))
        .isEqualTo("{\"b\": 2}\n");
  }

  @Test
  void yesterdaysFileWaitsForTheGraceAfterLocalMidnight() throws Exception {
    Path yesterday = write(layout.jsonDir(), "monitoring-2026-11-22.jsonl", "x\n");
    rotation.run(at("2026-11-23T00:01:00")); // in the grace: a late record may still arrive
    assertThat(yesterday).exists();
    rotation.run(at("2026-11-23T00:02:00"));
    assertThat(yesterday).doesNotExist();
    // And a file dated today is never archived, even late in the day.
    Path today = write(layout.jsonDir(), "monitoring-2026-11-23.jsonl", "y\n");
    rotation.run(at("2026-11-23T23:59:59"));
    assertThat(today).exists();
  }

  @Test
  void neverOverwritesAnExistingArchive() throws Exception {
    write(layout.archiveDir(), "monitoring-2026-11-20.jsonl.gz", "not even gzip");
    write(layout.jsonDir(), "monitoring-2026-11-20.jsonl", "new content\n");
    rotation.run(at("2026-11-23T10:00:00"));
    assertThat(archive())
        .containsExactly("monitoring-2026-11-20.jsonl.1.gz", "monitoring-2026-11-20.jsonl.gz");
    assertThat(Files.readString(layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.gz")))
        .isEqualTo("not even gzip");
    assertThat(gunzip(layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.1.gz")))
        .isEqualTo("new content\n");
  }

  @Test
  void aSourceLeftNextToItsCompleteArchiveIsJustDeleted() throws Exception {
    // A crash after the archive was synced but before the source was deleted.
    Path src = write(layout.jsonDir(), "monitoring-2026-11-20.jsonl", "same\n");
    Path copy = write(root, "copy.jsonl", "same\n");
    Archiver.archive(copy, layout.archiveDir(), "monitoring-2026-11-20.jsonl");
    rotation.run(at("2026-11-23T10:00:00"));
    assertThat(src).doesNotExist();
    assertThat(archive()).containsExactly("monitoring-2026-11-20.jsonl.gz");
  }

  @Test
  void retentionByTheDateInTheNameWithLongerRetentionForSafeFiles() throws Exception {
    for (String name :
        List.of(
            "monitoring-2026-11-15.jsonl.gz", // 8 days before the 23rd: kept through the 22nd
            "monitoring-2026-11-16.jsonl.gz",
            "monitoring-2026-11-16.jsonl.1.gz",
            "average_metric_safe-2026-10-23.log.gz", // 31 days: gone
            "average_metric_safe-2026-10-24.log.gz", // 30 days: kept
            "monitoring-2026-11-01.jsonl.rotating", // the original's leftover: same rule
            "README.txt")) {
      write(layout.archiveDir(), name, "x");
    }
    retention.run(at("2026-11-23T00:00:30"));
    assertThat(archive())
        .containsExactly(
            "README.txt",
            "average_metric_safe-2026-10-24.log.gz",
            "monitoring-2026-11-16.jsonl.1.gz",
            "monitoring-2026-11-16.jsonl.gz");
    retention.run(at("2026-11-24T00:00:30"));
    assertThat(archive()).containsExactly("README.txt");
  }

  @Test
  void acrossDaysEachFileIsArchivedOnceThenExpires() throws Exception {
    LocalDate d = LocalDate.of(2026, 11, 1);
    for (int i = 0; i < 12; i++) {
      LocalDate day = d.plusDays(i);
      write(layout.jsonDir(), LayoutNames.feed(day), "day " + day + "\n");
      Instant noon = day.atTime(12, 0).atZone(ZONE).toInstant();
      rotation.run(noon);
      retention.run(noon);
    }
    // On Nov 12: today's file live, Nov 5..11 archived (kept 7 days after their end), older gone.
    try (Stream<Path> s = Files.list(layout.jsonDir())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList())
          .containsExactly("monitoring-2026-11-12.jsonl");
    }
    assertThat(archive())
        .containsExactly(
            "monitoring-2026-11-05.jsonl.gz",
            "monitoring-2026-11-06.jsonl.gz",
            "monitoring-2026-11-07.jsonl.gz",
            "monitoring-2026-11-08.jsonl.gz",
            "monitoring-2026-11-09.jsonl.gz",
            "monitoring-2026-11-10.jsonl.gz",
            "monitoring-2026-11-11.jsonl.gz");
  }

  @Test
  void repairDeletesStrayTempFilesAndCompressesTheOriginalsRotatingLeftovers() throws Exception {
    write(layout.archiveDir(), "monitoring-2026-11-20.jsonl.gz.1234.tmp", "half");
    write(layout.archiveDir(), "monitoring-2026-11-19.jsonl.rotating", "old line\n");
    Path live = write(layout.jsonDir(), "monitoring-2026-11-20.jsonl", "kept\n");
    repair.run(at("2026-11-23T10:00:00"));
    assertThat(archive()).containsExactly("monitoring-2026-11-19.jsonl.gz");
    assertThat(gunzip(layout.archiveDir().resolve("monitoring-2026-11-19.jsonl.gz")))
        .isEqualTo("old line\n");
    assertThat(live).exists();
  }

  @Test
  void aSymlinkedDayFileIsNotArchivedAndItsTargetIsLeftAlone() throws Exception {
    // Somebody else's private file, and a link to it named like yesterday's feed.
    Path victim = write(root, "victim", "private\n");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
    Path link = layout.jsonDir().resolve("monitoring-2026-11-22.jsonl");
    Files.createSymbolicLink(link, victim);
    Path logLink = layout.logDir().resolve("average_metric_safe-2026-11-22.log");
    Files.createSymbolicLink(logLink, victim);

    rotation.run(at("2026-11-23T10:00:00"));
    repair.run(at("2026-11-23T10:00:00"));
    retention.run(at("2026-12-31T10:00:00"));

    assertThat(archive()).isEmpty();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.isSymbolicLink(logLink)).isTrue();
    assertThat(Files.readString(victim)).isEqualTo("private\n");
    assertThat(TestModes.of(victim)).isEqualTo("rw-------");
  }

  @Test
  void aLinkSwappedInAfterTheListingIsRefusedByTheOpen() throws Exception {
    // The listing saw a regular file; by the time it is archived a link stands at its name.
    Path victim = write(root, "victim", "private\n");
    Path link = layout.jsonDir().resolve("monitoring-2026-11-22.jsonl");
    Files.createSymbolicLink(link, victim);
    assertThatThrownBy(
            () -> Archiver.archive(link, layout.archiveDir(), link.getFileName().toString()))
        .isInstanceOf(SafeFiles.NotRegularFileException.class);
    assertThat(archive()).isEmpty();
    assertThat(victim).hasContent("private");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void aLinkAtTheArchiveNameIsNeitherReadNorOverwritten() throws Exception {
    Path victim = write(root, "victim.gz", "not ours");
    Files.createSymbolicLink(layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.gz"), victim);
    write(layout.jsonDir(), "monitoring-2026-11-20.jsonl", "line\n");
    rotation.run(at("2026-11-23T10:00:00"));
    assertThat(archive())
        .containsExactly("monitoring-2026-11-20.jsonl.1.gz", "monitoring-2026-11-20.jsonl.gz");
    assertThat(Files.readString(victim)).isEqualTo("not ours");
    assertThat(gunzip(layout.archiveDir().resolve("monitoring-2026-11-20.jsonl.1.gz")))
        .isEqualTo("line\n");
  }

  @Test
  void archivesGetTheFileModeInANewArchiveDirectoryWithTheDirectoryMode() throws Exception {
    Files.delete(layout.archiveDir());
    Path src = write(layout.jsonDir(), "monitoring-2026-11-22.jsonl", "x\n");
    Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-rw-rw-"));
    rotation.run(at("2026-11-23T10:00:00"));
    Path gz = layout.archiveDir().resolve("monitoring-2026-11-22.jsonl.gz");
    assertThat(TestModes.of(gz)).isEqualTo(TestModes.expected("rw-r-----", root));
    assertThat(TestModes.of(layout.archiveDir())).isEqualTo(TestModes.expected("rwxr-x---", root));
  }

  /** Dated names as the layout builds them. */
  static final class LayoutNames {
    static String feed(LocalDate d) {
      return LogLayout.fileName(LogLayout.FEED_STREAM, d, "jsonl");
    }
  }
}
