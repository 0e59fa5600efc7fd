package infra.monitoring.exporter;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException;
import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.DatedFile;
import infra.monitoring.common.feed.FeedStore;
import infra.monitoring.common.feed.TailLines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest valid record of the feed. It finds the newest {@code
 * json/monitoring-YYYY-MM-DD.jsonl} (by the date in its name), and reads only that file's tail, and
 * only when the file's identity, size or modification time changed: the cost of a read does not
 * grow with the file. It follows the day change (a newer file), rotation (the file replaced) and
 * truncation.
 *
 * <p>Lines that are not records are counted once each by reason and skipped: the newest valid line
 * within the last {@link #LOOKBACK_LINES} lines of the tail is served, and when the tail has none,
 * the record already in memory stays served (its age tells how old it is). A last line without
 * {@code \n} is a write in progress or a crash remnant: it is never served, and counted as {@code
 * partial} only when that line is still unfinished {@code partialGrace} later.
 *
 * <p>Checks are lazy and rate-limited: {@link #maybeRefresh()} looks at the directory at most once
 * per check interval, and a scrape that finds another thread checking serves the current record
 * instead of waiting. Thread-safe.
 */
final class FeedReader {
  private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

  /** Longest line that is decoded; longer lines are counted as {@code too_long} unread. */
  static final int MAX_LINE_BYTES = FeedStore.MAX_LINE_BYTES;

  /** How many lines back from the end a read looks for a valid record. */
  static final int LOOKBACK_LINES = 64;

  /** Most bytes one read may touch (the tail and any over-long lines in it). */
  static final long SCAN_BUDGET = 8L << 20;

  static final int BLOCK_BYTES = 16 * 1024;

  /** What is served now; {@code record} is null when there is none. */
  record State(FeedRecord record, String recordFile, String feedFile) {}

  private record FileState(Path path, Object key, long size, FileTime mtime) {}

  private final FeedStore store;
  private final Path jsonDir;
  private final LongSupplier nanoTime;
  private final long checkIntervalNanos;
  private final long partialGraceNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong reads = new AtomicLong();
  private final EnumMap<Reason, AtomicLong> errors = new EnumMap<>(Reason.class);
  private final Set<String> counted =
      Collections.newSetFromMap(
          new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 4096;
            }
          });

  private volatile State state = new State(null, null, null);
  private volatile long lastReadBytes;
  private volatile long nextCheck;
  // Guarded by lock.
  private FileState last;
  private long generation;
  private String pendingPartial;
  private long pendingSince;
  private boolean pendingCounted;
  private String lastProblem = "";

  FeedReader(Path logRoot, LongSupplier nanoTime, long checkIntervalNanos, long partialGraceNanos) {
    this.store = new FeedStore(new LogLayout(logRoot));
    this.jsonDir = store.layout().jsonDir();
    this.nanoTime = nanoTime;
    this.checkIntervalNanos = checkIntervalNanos;
    this.partialGraceNanos = partialGraceNanos;
    this.nextCheck = nanoTime.getAsLong();
    for (Reason r : Reason.values()) {
      errors.put(r, new AtomicLong());
    }
  }

  /** A reader checking at most every 250 ms, with a one-second grace for partial lines. */
  static FeedReader create(Path logRoot) {
    return new FeedReader(logRoot, System::nanoTime, 250_000_000L, 1_000_000_000L);
  }

  State state() {
    return state;
  }

  /** Tail reads done (one per change of the newest feed file). */
  long reads() {
    return reads.get();
  }

  /** Bytes the last tail read touched (bounded by {@link #SCAN_BUDGET}). */
  long lastReadBytes() {
    return lastReadBytes;
  }

  /** Lines skipped for this reason so far. */
  long errors(Reason reason) {
    return errors.get(reason).get();
  }

  /** Checks the feed if the check interval has passed and no other thread is checking. */
  void maybeRefresh() {
    long now = nanoTime.getAsLong();
    if (now - nextCheck < 0) {
      return;
    }
    if (!lock.tryLock()) {
      return;
    }
    try {
      now = nanoTime.getAsLong();
      if (now - nextCheck < 0) {
        return;
      }
      refresh(now);
      nextCheck = now + checkIntervalNanos;
    } finally {
      lock.unlock();
    }
  }

  /** Checks the feed now (tests, start-up). */
  void refreshNow() {
    lock.lock();
    try {
      long now = nanoTime.getAsLong();
      refresh(now);
      nextCheck = now + checkIntervalNanos;
    } finally {
      lock.unlock();
    }
  }

  private void refresh(long now) {
    Path newest;
    try {
      newest = newestFeedFile();
    } catch (NoSuchFileException e) {
      problem("no feed directory " + jsonDir + " yet");
      noFile();
      return;
    } catch (IOException e) {
      problem("cannot list " + jsonDir + ": " + e);
      noFile();
      return;
    }
    if (newest == null) {
      problem("no feed file (monitoring-YYYY-MM-DD.jsonl) in " + jsonDir + " yet");
      noFile();
      return;
    }
    FileState now0;
    try {
      BasicFileAttributes a =
          Files.readAttributes(newest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      now0 = new FileState(newest, a.fileKey(), a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      problem("cannot read " + newest + ": " + e);
      noFile();
      return;
    }
    String name = newest.getFileName().toString();
    if (!name.equals(state.feedFile())) {
      log.info("reading feed file {}", newest);
      state = new State(state.record(), state.recordFile(), name);
    }
    if (now0.equals(last)) {
      checkPartial(now);
      return;
    }
    if (last != null
        && last.path().equals(now0.path())
        && (!Objects.equals(last.key(), now0.key()) || now0.size() < last.size())) {
      // Replaced or truncated: offsets seen before mean other lines now.
      generation++;
      log.info("feed file {} was {}", name, now0.size() < last.size() ? "truncated" : "replaced");
    }
    last = now0;
    readTail(now0, now);
    checkPartial(now);
  }

  private void noFile() {
    last = null;
    if (state.feedFile() != null) {
      state = new State(state.record(), state.recordFile(), null);
    }
  }

  private void problem(String message) {
    if (!message.equals(lastProblem)) {
      lastProblem = message;
      log.warn("{}; serving {}", message, state.record() == null ? "no record" : "the last record");
    }
  }

  private Path newestFeedFile() throws IOException {
    DatedFile f = store.newestFeedFile();
    return f == null ? null : f.path();
  }

  private void readTail(FileState file, long now) {
    reads.incrementAndGet();
    String name = file.path().getFileName().toString();
    String fileId = (file.key() != null ? file.key().toString() : file.path().toString());
    fileId = fileId + "#" + generation;
    // Listed as a regular file; a link put in its place since is refused, not followed.
    try (FileChannel ch =
        FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      TailLines lines = new TailLines(ch, size, MAX_LINE_BYTES, SCAN_BUDGET, BLOCK_BYTES);
      try {
        scanTail(lines, fileId, name, now);
      } finally {
        lastReadBytes = lines.scanned();
      }
    } catch (NoSuchFileException e) {
      last = null;
    } catch (IOException e) {
      problem("cannot read " + file.path() + ": " + e);
      last = null;
    }
  }

  private void scanTail(TailLines lines, String fileId, String name, long now) throws IOException {
    boolean first = true;
    for (int i = 0; i < LOOKBACK_LINES; i++) {
      TailLines.Line line = lines.previous();
      if (line == null) {
        if (first) {
          pendingPartial = null;
        }
        break;
      }
      if (first && !line.terminated()) {
        first = false;
        String key = fileId + "@" + (line.start() >= 0 ? line.start() : "e" + line.end());
        if (line.bytes() == null) {
          countOnce(Reason.TOO_LONG, key + ":partial", name, "an unfinished line over the limit");
        } else if (!key.equals(pendingPartial)) {
          pendingPartial = key;
          pendingSince = now;
          pendingCounted = false;
        }
        continue;
      }
      if (first) {
        pendingPartial = null;
      }
      first = false;
      String key = fileId + "@" + (line.start() >= 0 ? line.start() : "e" + line.end());
      if (line.bytes() == null) {
        countOnce(
            Reason.TOO_LONG,
            key,
            name,
            "a line of "
                + (line.start() >= 0 ? line.length() + " bytes" : "more than " + SCAN_BUDGET)
                + " (limit "
                + MAX_LINE_BYTES
                + ")");
        continue;
      }
      try {
        FeedRecord r =
            FeedCodec.decode(new String(line.bytes(), StandardCharsets.UTF_8), MAX_LINE_BYTES);
        if (!lastProblem.isEmpty()) {
          log.info("serving records from {} again", name);
          lastProblem = "";
        }
        state = new State(r, name, name);
        return;
      } catch (FeedFormatException e) {
        countOnce(e.reason(), key, name, e.getMessage());
      }
    }
  }

  private void checkPartial(long now) {
    if (pendingPartial != null && !pendingCounted && now - pendingSince >= partialGraceNanos) {
      pendingCounted = true;
      countOnce(
          Reason.PARTIAL,
          pendingPartial,
          state.feedFile(),
          "the last line has had no newline for "
              + partialGraceNanos / 1_000_000
              + " ms (a crashed or stuck write)");
    }
  }

  private void countOnce(Reason reason, String key, String file, String message) {
    if (counted.add(key + "/" + reason)) {
      errors.get(reason).incrementAndGet();
      log.warn("skipped a line of {} ({}): {}", file, reason.label(), message);
    }
  }
}
