package infra.monitoring.exporter;

import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.FeedStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest valid record of the feed. It follows the feed file the collector is writing now
 * ({@link FeedStore#currentFeed}: today's, else the one modified last), and reads only that file's
 * tail, and only when the file's identity, size or modification time changed: the cost of a read
 * does not grow with the file. It follows the day change, rotation (the file replaced) and
 * truncation. An entry with a feed file's name that is not a regular file (a FIFO, a device, a
 * link) is never opened, and counted once as {@code not_regular_file}.
 *
 * <p>Lines that are not records are counted once each by reason and skipped (see {@link TailScan}):
 * the newest valid line of the tail is served, and when the tail has none, the record already in
 * memory stays served (its age tells how old it is).
 *
 * <p>Checks are lazy and rate-limited: {@link #maybeRefresh()} looks at the directory at most once
 * per check interval, and a scrape that finds a read under way serves the current record instead of
 * waiting. The file system work runs on a reader thread, never under a lock: the caller waits for
 * it a bounded time, and a read that has not returned after {@link #HANG_NANOS} (a file system that
 * hangs) is abandoned, its result dropped, and the next check starts another (at most {@link
 * #MAX_ABANDONED} outstanding). Thread-safe.
 */
final class FeedReader {
  private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

  /** Longest line that is decoded; longer lines are counted as {@code too_long} unread. */
  static final int MAX_LINE_BYTES = TailScan.MAX_LINE_BYTES;

  /** How many lines back from the end a read looks for a valid record. */
  static final int LOOKBACK_LINES = TailScan.LOOKBACK_LINES;

  /** Most bytes one read may touch (the tail and any over-long lines in it). */
  static final long SCAN_BUDGET = TailScan.SCAN_BUDGET;

  static final int BLOCK_BYTES = TailScan.BLOCK_BYTES;

  /** A read running longer than this is abandoned and the next check starts another. */
  static final long HANG_NANOS = 10_000_000_000L;

  /** Abandoned reads that may be outstanding at once; past it no read starts until one returns. */
  static final int MAX_ABANDONED = 2;

  /** What is served now; {@code record} is null when there is none. */
  record State(FeedRecord record, String recordFile, String feedFile) {}

  record FileState(Path path, Object key, long size, java.nio.file.attribute.FileTime mtime) {}

  /** Opens a feed file that was a regular file a moment ago; may block if it no longer is. */
  interface Opener {
    FileChannel open(Path path) throws IOException;
  }

  /** One read: started at a time, on a copy of the reader's state it commits if still current. */
  private static final class Read {
    final long started;
    final TailScan.Work work;
    final CountDownLatch done = new CountDownLatch(1);

    Read(long started, TailScan.Work work) {
      this.started = started;
      this.work = work;
    }
  }

  private final FeedStore store;
  private final Path jsonDir;
  private final LongSupplier nanoTime;
  private final Supplier<LocalDate> today;
  private final Opener opener;
  private final long checkIntervalNanos;
  private final long partialGraceNanos;
  private final long waitNanos;
  private final long hangNanos;
  private final ThreadPoolExecutor io;
  private final AtomicLong reads = new AtomicLong();
  private final EnumMap<Reason, AtomicLong> errors = new EnumMap<>(Reason.class);

  private volatile State state = new State(null, null, null);
  private volatile long lastReadBytes;
  private volatile long nextCheck;
  // Guarded by this; changed only by a committing read, never across file system calls.
  private final Set<String> counted =
      Collections.newSetFromMap(
          new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 4096;
            }
          });
  private TailScan.Work committed = new TailScan.Work();
  private Read running;
  private int abandoned;

  FeedReader(Path logRoot, LongSupplier nanoTime, long checkIntervalNanos, long partialGraceNanos) {
    this(
        logRoot,
        nanoTime,
        checkIntervalNanos,
        partialGraceNanos,
        LocalDate::now,
        FeedReader::openRead,
        HANG_NANOS);
  }

  FeedReader(
      Path logRoot,
      LongSupplier nanoTime,
      long checkIntervalNanos,
      long partialGraceNanos,
      Supplier<LocalDate> today,
      Opener opener,
      long waitNanos) {
    this.store = new FeedStore(new LogLayout(logRoot));
    this.jsonDir = store.layout().jsonDir();
    this.nanoTime = nanoTime;
    this.today = today;
    this.opener = opener;
    this.checkIntervalNanos = checkIntervalNanos;
    this.partialGraceNanos = partialGraceNanos;
    this.waitNanos = waitNanos;
    this.hangNanos = HANG_NANOS;
    this.nextCheck = nanoTime.getAsLong();
    for (Reason r : Reason.values()) {
      errors.put(r, new AtomicLong());
    }
    AtomicInteger n = new AtomicInteger();
    this.io =
        new ThreadPoolExecutor(
            0,
            MAX_ABANDONED + 1,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "feed-read-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** A reader checking at most every 250 ms, with a one-second grace for partial lines. */
  static FeedReader create(Path logRoot) {
    return new FeedReader(logRoot, System::nanoTime, 250_000_000L, 1_000_000_000L);
  }

  private static FileChannel openRead(Path p) throws IOException {
    return FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
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

  /** Lines (or entries, for {@code not_regular_file}) skipped for this reason so far. */
  long errors(Reason reason) {
    return errors.get(reason).get();
  }

  /** Reads abandoned because they did not return in time, and not returned yet. */
  synchronized int abandonedReads() {
    return abandoned;
  }

  /** Checks the feed if the check interval has passed and no read is under way. */
  void maybeRefresh() {
    if (nanoTime.getAsLong() - nextCheck < 0) {
      return;
    }
    Read r = begin(false);
    if (r != null) {
      await(r, waitNanos);
    }
  }

  /** Checks the feed now and waits for it (tests, start-up), at most the hang limit. */
  void refreshNow() {
    Read r = begin(true);
    if (r != null) {
      await(r, hangNanos);
    }
  }

  private static void await(Read r, long nanos) {
    try {
      r.done.await(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized Read begin(boolean force) {
    long now = nanoTime.getAsLong();
    if (!force && now - nextCheck < 0) {
      return null;
    }
    if (running != null) {
      if (now - running.started < hangNanos) {
        return force ? running : null;
      }
      abandoned++;
      log.warn(
          "a read of the feed has not returned for {} s (a file system that hangs?); its result"
              + " will be dropped",
          (now - running.started) / 1_000_000_000L);
      running = null;
    }
    if (abandoned >= MAX_ABANDONED) {
      nextCheck = now + checkIntervalNanos;
      return null;
    }
    Read r = new Read(now, committed.copy());
    running = r;
    try {
      io.execute(() -> run(r));
    } catch (RejectedExecutionException e) {
      running = null;
      return null;
    }
    return r;
  }

  private void run(Read r) {
    try {
      refresh(r.work, r.started);
    } catch (RuntimeException e) {
      r.work.problem("cannot read the feed: " + e);
    } finally {
      commit(r);
      r.done.countDown();
    }
  }

  private synchronized void commit(Read r) {
    if (running != r) {
      abandoned--;
      log.info("an abandoned read of the feed returned; its result is dropped");
      return;
    }
    running = null;
    TailScan.Work w = r.work;
    checkPartial(w, nanoTime.getAsLong());
    for (String m : w.logs) {
      log.info(m);
    }
    if (w.problemToLog != null) {
      log.warn(
          "{}; serving {}", w.problemToLog, w.record == null ? "no record" : "the last record");
    }
    for (TailScan.Count c : w.counts) {
      if (counted.add(c.key() + "/" + c.reason())) {
        errors.get(c.reason()).incrementAndGet();
        log.warn("skipped {} ({}): {}", c.what(), c.reason().label(), c.message());
      }
    }
    reads.addAndGet(w.reads);
    if (w.reads > 0) {
      lastReadBytes = w.scanned;
    }
    w.clearEvents();
    committed = w;
    State s = new State(w.record, w.recordFile, w.feedFile);
    if (!s.equals(state)) {
      state = s;
    }
    nextCheck = nanoTime.getAsLong() + checkIntervalNanos;
  }

  /** The file system part of a check: everything it finds goes into {@code w}. */
  private void refresh(TailScan.Work w, long now) {
    FeedStore.CurrentFeed current;
    try {
      current = store.currentFeed(today.get());
    } catch (NoSuchFileException e) {
      w.problem("no feed directory " + jsonDir + " yet");
      w.noFile();
      return;
    } catch (IOException e) {
      w.problem("cannot list " + jsonDir + ": " + e);
      w.noFile();
      return;
    }
    for (FeedStore.Skipped s : current.notRegular()) {
      w.count(
          Reason.NOT_REGULAR_FILE,
          s.path() + "#" + s.key(),
          s.path().toString(),
          "it is " + s.kind() + "; it is never opened");
    }
    if (current.file() == null) {
      w.problem("no feed file (monitoring-YYYY-MM-DD.jsonl) in " + jsonDir + " yet");
      w.noFile();
      return;
    }
    Path newest = current.file().path();
    FileState file;
    try {
      BasicFileAttributes a =
          Files.readAttributes(newest, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        w.count(
            Reason.NOT_REGULAR_FILE,
            newest + "#" + a.fileKey(),
            newest.toString(),
            "it stopped being a regular file; it is never opened");
        w.noFile();
        return;
      }
      file = new FileState(newest, a.fileKey(), a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      w.problem("cannot read " + newest + ": " + e);
      w.noFile();
      return;
    }
    String name = newest.getFileName().toString();
    if (!name.equals(w.feedFile)) {
      w.logs.add("reading feed file " + newest);
      w.feedFile = name;
    }
    if (file.equals(w.last)) {
      return;
    }
    if (w.last != null
        && w.last.path().equals(file.path())
        && (!Objects.equals(w.last.key(), file.key()) || file.size() < w.last.size())) {
      // Replaced or truncated: offsets seen before mean other lines now.
      w.generation++;
      w.logs.add(
          "feed file " + name + " was " + (file.size() < w.last.size() ? "truncated" : "replaced"));
    }
    w.last = file;
    w.reads++;
    String fileId = (file.key() != null ? file.key().toString() : file.path().toString());
    try (FileChannel ch = opener.open(file.path())) {
      TailScan.scan(ch, ch.size(), fileId + "#" + w.generation, name, now, w);
    } catch (NoSuchFileException e) {
      w.last = null;
    } catch (IOException e) {
      w.problem("cannot read " + file.path() + ": " + e);
      w.last = null;
    }
  }

  private void checkPartial(TailScan.Work w, long now) {
    if (w.pendingPartial != null
        && !w.pendingCounted
        && now - w.pendingSince >= partialGraceNanos) {
      w.pendingCounted = true;
      w.count(
          Reason.PARTIAL,
          w.pendingPartial,
          "a line of " + w.feedFile,
          "the last line has had no newline for "
              + partialGraceNanos / 1_000_000
              + " ms (a crashed or stuck write)");
    }
  }
}
