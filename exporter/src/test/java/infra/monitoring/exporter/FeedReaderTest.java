package infra.monitoring.exporter;

import static infra.monitoring.exporter.TestRecords.T0;
import static infra.monitoring.exporter.TestRecords.append;
import static infra.monitoring.exporter.TestRecords.line;
import static infra.monitoring.exporter.TestRecords.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.LogLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedReaderTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  static final long CHECK = 1_000_000L;
  static final long GRACE = 50_000_000L;
  static final long WAIT = 10_000_000_000L;

  @TempDir Path root;
  Path feed;
  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  FeedReader reader;

  @BeforeEach
  void setUp() {
    feed = new LogLayout(root).feedFile(DAY);
    reader = new FeedReader(root, nanos::get, CHECK, GRACE);
  }

  /** Lets the check interval pass, then checks. */
  void tick() {
    nanos.addAndGet(CHECK);
    reader.maybeRefresh();
  }

  Double servedCpu() {
    var r = reader.state().record();
    return r == null
        ? null
        : r.metrics().number(infra.monitoring.common.metric.CpuMetric.CPU_PERCENT);
  }

  @Test
  void servesTheLastLine() throws IOException {
    append(feed, line(minimal(T0, 10)) + line(minimal(T0 + 1, 20)) + line(minimal(T0 + 2, 30)));
    tick();
    assertThat(servedCpu()).isEqualTo(30.0);
    assertThat(reader.state().recordFile()).isEqualTo("monitoring-2026-11-23.jsonl");
    assertThat(reader.reads()).isEqualTo(1);
  }

  @Test
  void readsOnlyTheTailOfALargeFile() throws IOException {
    String one = line(minimal(T0, 1));
    Files.createDirectories(feed.getParent());
    try (OutputStream o = Files.newOutputStream(feed)) {
      byte[] b = one.repeat(1000).getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 100; i++) {
        o.write(b);
      }
    }
    append(feed, line(minimal(T0 + 5, 55)));
    assertThat(Files.size(feed)).isGreaterThan(10_000_000L);
    tick();
    assertThat(servedCpu()).isEqualTo(55.0);
    assertThat(reader.lastReadBytes()).isLessThanOrEqualTo(FeedReader.BLOCK_BYTES);
  }

  @Test
  void reReadsOnlyWhenTheFileChanges() throws IOException {
    append(feed, line(minimal(T0, 10)));
    tick();
    tick();
    tick();
    assertThat(reader.reads()).isEqualTo(1);
    append(feed, line(minimal(T0 + 1, 11)));
    tick();
    assertThat(reader.reads()).isEqualTo(2);
    assertThat(servedCpu()).isEqualTo(11.0);
  }

  @Test
  void checksAtMostOncePerInterval() throws IOException {
    append(feed, line(minimal(T0, 10)));
    reader.maybeRefresh();
    append(feed, line(minimal(T0 + 1, 11)));
    reader.maybeRefresh();
    assertThat(servedCpu()).isEqualTo(10.0);
    tick();
    assertThat(servedCpu()).isEqualTo(11.0);
  }

  @Test
  void partialLineIsSkippedAndCountedOnlyWhenItStays() throws IOException {
    String next = line(minimal(T0 + 1, 99));
    append(feed, line(minimal(T0, 10)) + next.substring(0, 40));
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(reader.errors(Reason.PARTIAL)).isZero();
    // The write completes: a record, and no error.
    append(feed, next.substring(40));
    tick();
    assertThat(servedCpu()).isEqualTo(99.0);
    assertThat(reader.errors(Reason.PARTIAL)).isZero();
    // A remnant that stays past the grace period is counted, once.
    append(feed, next.substring(0, 30));
    tick();
    assertThat(reader.errors(Reason.PARTIAL)).isZero();
    nanos.addAndGet(GRACE);
    tick();
    tick();
    assertThat(reader.errors(Reason.PARTIAL)).isEqualTo(1);
    assertThat(servedCpu()).isEqualTo(99.0);
    assertThat(sumErrors()).isEqualTo(1);
  }

  @Test
  void corruptLineIsCountedOnceAndTheLastValidRecordStays() throws IOException {
    append(
        feed, line(minimal(T0, 10)) + "{\"ts\": \"2026-11-23T21:34:31+00:00\", \"metrics\": {\n");
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(reader.errors(Reason.INVALID_JSON)).isEqualTo(1);
    append(feed, "garbage\n");
    tick();
    assertThat(reader.errors(Reason.INVALID_JSON)).isEqualTo(2);
    append(feed, line(minimal(T0 + 3, 33)));
    tick();
    assertThat(servedCpu()).isEqualTo(33.0);
    assertThat(reader.errors(Reason.INVALID_JSON)).isEqualTo(2);
  }

  @Test
  void looksBackPastSeveralBadLines() throws IOException {
    append(
        feed,
        line(minimal(T0, 10))
            + line(minimal(T0 + 1, 42))
            + "[1, 2, 3]\n"
            + "\"a string\"\n"
            + "{\"metrics\": {}}\n"
            + "{\"ts\": \"x\", \"metrics\": []}\n"
            + "\n");
    tick();
    assertThat(servedCpu()).isEqualTo(42.0);
    assertThat(reader.errors(Reason.NOT_OBJECT)).isEqualTo(2);
    assertThat(reader.errors(Reason.NO_TIMESTAMP)).isEqualTo(1);
    assertThat(reader.errors(Reason.NO_METRICS)).isEqualTo(1);
    assertThat(reader.errors(Reason.EMPTY)).isEqualTo(1);
  }

  @Test
  void nonFiniteNumbersAreRefused() throws IOException {
    String bad = FeedCodec.encode(minimal(T0 + 1, 12.5)).replace("12.5", "NaN");
    assertThat(bad).contains("NaN");
    append(feed, line(minimal(T0, 10)) + bad + "\n");
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(reader.errors(Reason.NON_FINITE)).isEqualTo(1);
  }

  @Test
  void megabyteLineIsNeverLoaded() throws IOException {
    byte[] big = new byte[3 * 1024 * 1024];
    Arrays.fill(big, (byte) 'x');
    append(feed, line(minimal(T0, 10)));
    try (OutputStream o = Files.newOutputStream(feed, java.nio.file.StandardOpenOption.APPEND)) {
      o.write(big);
      o.write('\n');
    }
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(reader.errors(Reason.TOO_LONG)).isEqualTo(1);
    assertThat(reader.lastReadBytes()).isLessThanOrEqualTo(FeedReader.SCAN_BUDGET);
  }

  @Test
  void lineLongerThanTheScanBudgetEndsTheLookBack() throws IOException {
    byte[] big = new byte[(int) FeedReader.SCAN_BUDGET + 1000];
    Arrays.fill(big, (byte) 'x');
    append(feed, line(minimal(T0, 10)));
    try (OutputStream o = Files.newOutputStream(feed, java.nio.file.StandardOpenOption.APPEND)) {
      o.write(big);
      o.write('\n');
    }
    tick();
    // Nothing older than the huge line can be reached within the budget: no record at start-up.
    assertThat(reader.state().record()).isNull();
    assertThat(reader.errors(Reason.TOO_LONG)).isEqualTo(1);
    assertThat(reader.lastReadBytes()).isLessThanOrEqualTo(FeedReader.SCAN_BUDGET);
    append(feed, line(minimal(T0 + 1, 11)));
    tick();
    assertThat(servedCpu()).isEqualTo(11.0);
    assertThat(reader.errors(Reason.TOO_LONG)).isEqualTo(1);
  }

  @Test
  void followsTruncation() throws IOException {
    append(feed, line(minimal(T0, 10)) + line(minimal(T0 + 1, 11)) + line(minimal(T0 + 2, 12)));
    tick();
    assertThat(servedCpu()).isEqualTo(12.0);
    try (RandomAccessFile f = new RandomAccessFile(feed.toFile(), "rw")) {
      f.setLength(0);
    }
    tick();
    // Empty now: the record in memory stays served (its age shows it).
    assertThat(servedCpu()).isEqualTo(12.0);
    append(feed, line(minimal(T0 + 3, 77)));
    tick();
    assertThat(servedCpu()).isEqualTo(77.0);
  }

  @Test
  void followsRotationByReplacement() throws IOException {
    append(feed, line(minimal(T0, 10)) + line(minimal(T0 + 1, 11)));
    tick();
    Path tmp = feed.resolveSibling("new.tmp");
    // Same size, different file: the identity (inode) tells them apart.
    Files.writeString(tmp, line(minimal(T0 + 2, 20)) + line(minimal(T0 + 3, 21)));
    Files.move(tmp, feed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    tick();
    assertThat(servedCpu()).isEqualTo(21.0);
  }

  @Test
  void followsTheDayChange() throws IOException {
    AtomicReference<LocalDate> today = new AtomicReference<>(DAY);
    reader = new FeedReader(root, nanos::get, CHECK, GRACE, today::get, FileChannel::open, WAIT);
    append(feed, line(minimal(T0, 10)));
    tick();
    Path tomorrow = new LogLayout(root).feedFile(DAY.plusDays(1));
    Files.writeString(tomorrow, "");
    today.set(DAY.plusDays(1));
    tick();
    assertThat(reader.state().feedFile()).isEqualTo("monitoring-2026-11-24.jsonl");
    assertThat(servedCpu()).isEqualTo(10.0);
    append(tomorrow, line(minimal(T0 + 86400, 5)));
    // A stray write to yesterday's file is not the file being written now.
    append(feed, line(minimal(T0 + 86401, 6)));
    tick();
    assertThat(servedCpu()).isEqualTo(5.0);
    assertThat(reader.state().recordFile()).isEqualTo("monitoring-2026-11-24.jsonl");
  }

  @Test
  void followsTheFileWrittenNowNotTheLargestName() throws IOException {
    // The clock ran a day ahead, then was set back: the future-dated file is no longer written.
    AtomicReference<LocalDate> today = new AtomicReference<>(DAY);
    reader = new FeedReader(root, nanos::get, CHECK, GRACE, today::get, FileChannel::open, WAIT);
    Path future = new LogLayout(root).feedFile(DAY.plusDays(1));
    append(future, line(minimal(T0 + 86400, 90)));
    append(feed, line(minimal(T0, 10)));
    Files.setLastModifiedTime(feed, FileTime.fromMillis(1_000_000_000_000L));
    Files.setLastModifiedTime(future, FileTime.fromMillis(2_000_000_000_000L));
    tick();
    assertThat(servedCpu()).as("today's file, whatever the times").isEqualTo(10.0);
    assertThat(reader.state().feedFile()).isEqualTo("monitoring-2026-11-23.jsonl");
    // No file of today (the collector has not written yet, or runs in another time zone): the
    // file modified last.
    today.set(DAY.plusDays(7));
    tick();
    assertThat(servedCpu()).isEqualTo(90.0);
    Files.setLastModifiedTime(feed, FileTime.fromMillis(3_000_000_000_000L));
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
  }

  @Test
  void aFifoNamedLikeTheFeedIsNeverOpenedAndTheNextRegularFileIsServed() throws Exception {
    AtomicReference<LocalDate> today = new AtomicReference<>(DAY);
    reader = new FeedReader(root, nanos::get, CHECK, GRACE, today::get, FileChannel::open, WAIT);
    Path yesterday = new LogLayout(root).feedFile(DAY.minusDays(1));
    append(yesterday, line(minimal(T0 - 86400, 7)));
    Process mkfifo = new ProcessBuilder("mkfifo", feed.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
    tick();
    tick();
    // Opening the FIFO would block until a writer came; it is counted once and passed over.
    assertThat(reader.errors(Reason.NOT_REGULAR_FILE)).isEqualTo(1);
    assertThat(servedCpu()).isEqualTo(7.0);
    assertThat(reader.state().feedFile()).isEqualTo("monitoring-2026-11-22.jsonl");
    Files.delete(feed);
    append(feed, line(minimal(T0, 11)));
    tick();
    assertThat(servedCpu()).isEqualTo(11.0);
    assertThat(reader.errors(Reason.NOT_REGULAR_FILE)).isEqualTo(1);
  }

  @Test
  void aReadThatHangsIsAbandonedAndTheNextCheckReadsAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger opens = new AtomicInteger();
    FeedReader.Opener opener =
        p -> {
          if (opens.incrementAndGet() == 1) {
            // A file system that does not answer (or a FIFO swapped in after the check).
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new java.io.InterruptedIOException();
            }
          }
          return FileChannel.open(p);
        };
    reader = new FeedReader(root, nanos::get, CHECK, GRACE, () -> DAY, opener, 100_000_000L);
    append(feed, line(minimal(T0, 10)));
    tick();
    assertThat(reader.state().record()).as("the caller stopped waiting").isNull();
    tick();
    assertThat(opens.get()).as("no second read while the first is under way").isEqualTo(1);
    nanos.addAndGet(FeedReader.HANG_NANOS);
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(reader.abandonedReads()).isEqualTo(1);
    assertThat(reader.reads()).isEqualTo(1);
    append(feed, line(minimal(T0 + 1, 12)));
    tick();
    assertThat(servedCpu()).isEqualTo(12.0);
    // The hung read returns at last: what it found is dropped.
    release.countDown();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (reader.abandonedReads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(reader.abandonedReads()).isZero();
    assertThat(servedCpu()).isEqualTo(12.0);
    assertThat(reader.reads()).isEqualTo(2);
  }

  @Test
  void ignoresFilesThatAreNotFeedFiles() throws IOException {
    append(feed, line(minimal(T0, 10)));
    append(feed.resolveSibling("monitoring-2099-01-01.jsonl.tmp"), line(minimal(T0, 1)));
    append(feed.resolveSibling("other-2099-01-01.jsonl"), line(minimal(T0, 2)));
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
  }

  @Test
  void missingDirectoryThenItAppears() throws IOException {
    tick();
    assertThat(reader.state().record()).isNull();
    assertThat(reader.state().feedFile()).isNull();
    Files.createDirectories(feed.getParent());
    tick();
    assertThat(reader.state().record()).isNull();
    Files.writeString(feed, "");
    tick();
    assertThat(reader.state().record()).isNull();
    assertThat(reader.state().feedFile()).isEqualTo("monitoring-2026-11-23.jsonl");
    append(feed, line(minimal(T0, 10)));
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(sumErrors()).isZero();
  }

  @Test
  void aQuarterMegabyteLineWithAHostileUnknownKeyIsServed() throws IOException {
    append(feed, line(minimal(T0, 10)) + HostileLines.line(minimal(T0 + 1, 20), "x"));
    tick();
    assertThat(servedCpu()).isEqualTo(20.0);
    assertThat(sumErrors()).isZero();
  }

  @Test
  void aHostileKnownKeyOverItsBoundKeepsTheRecordBefore() throws IOException {
    append(feed, line(minimal(T0, 10)) + HostileLines.line(minimal(T0 + 1, 20), "treatments"));
    tick();
    assertThat(servedCpu()).isEqualTo(10.0);
    assertThat(reader.errors(Reason.TOO_LONG)).isEqualTo(1);
  }

  @Test
  void aLinkAtTheNewestFeedFilesNameIsNotRead() throws IOException {
    Path elsewhere = root.resolve("elsewhere.jsonl");
    append(elsewhere, line(minimal(T0, 99)));
    Files.createDirectories(feed.getParent());
    Files.createSymbolicLink(feed, elsewhere);
    tick();
    assertThat(reader.state().record()).isNull();
    assertThat(reader.state().feedFile()).isNull();
  }

  long sumErrors() {
    long n = 0;
    for (Reason r : Reason.values()) {
      n += reader.errors(r);
    }
    return n;
  }
}
