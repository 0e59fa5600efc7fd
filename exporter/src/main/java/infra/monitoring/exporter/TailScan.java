package infra.monitoring.exporter;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException;
import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.feed.FeedStore;
import infra.monitoring.common.feed.TailLines;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the newest valid record in a feed file's tail for {@link FeedReader}. Lines that are not
 * records are counted once each by reason and skipped: the newest valid line within the last {@link
 * #LOOKBACK_LINES} lines is the result. A last line without {@code \n} is a write in progress or a
 * crash remnant: it is never served, and becomes {@code partial} only when it is still unfinished
 * after the reader's grace period.
 */
final class TailScan {

  /** Longest line that is decoded; longer lines are counted as {@code too_long} unread. */
  static final int MAX_LINE_BYTES = FeedStore.MAX_LINE_BYTES;

  /** How many lines back from the end a read looks for a valid record. */
  static final int LOOKBACK_LINES = 64;

  /** Most bytes one read may touch (the tail and any over-long lines in it). */
  static final long SCAN_BUDGET = 8L << 20;

  static final int BLOCK_BYTES = 16 * 1024;

  private TailScan() {}

  /** Something skipped, counted once by {@code key} and reason. */
  record Count(Reason reason, String key, String what, String message) {}

  /**
   * The reader's state as one read sees and changes it: a copy taken when the read starts, changed
   * by the read without any lock, and made the reader's own if the read is still current when it
   * ends. The events (counts, log lines) are the read's own and are cleared once committed.
   */
  static final class Work {
    FeedRecord record;
    String recordFile;
    String feedFile;
    FeedReader.FileState last;
    long generation;
    String pendingPartial;
    long pendingSince;
    boolean pendingCounted;
    String lastProblem = "";

    long reads;
    long scanned;
    String problemToLog;
    final List<Count> counts = new ArrayList<>();
    final List<String> logs = new ArrayList<>();

    Work copy() {
      Work w = new Work();
      w.record = record;
      w.recordFile = recordFile;
      w.feedFile = feedFile;
      w.last = last;
      w.generation = generation;
      w.pendingPartial = pendingPartial;
      w.pendingSince = pendingSince;
      w.pendingCounted = pendingCounted;
      w.lastProblem = lastProblem;
      return w;
    }

    void clearEvents() {
      reads = 0;
      scanned = 0;
      problemToLog = null;
      counts.clear();
      logs.clear();
    }

    /** Notes a problem, logged once until it changes or records are served again. */
    void problem(String message) {
      if (!message.equals(lastProblem)) {
        lastProblem = message;
        problemToLog = message;
      }
    }

    /** No feed file now: the record already served stays served (and ages). */
    void noFile() {
      last = null;
      feedFile = null;
    }

    void count(Reason reason, String key, String what, String message) {
      counts.add(new Count(reason, key, what, message));
    }
  }

  /** Scans the tail of an open feed file; what it finds goes into {@code w}. */
  static void scan(FileChannel ch, long size, String fileId, String name, long now, Work w)
      throws IOException {
    TailLines lines = new TailLines(ch, size, MAX_LINE_BYTES, SCAN_BUDGET, BLOCK_BYTES);
    try {
      scan(lines, fileId, name, now, w);
    } finally {
      w.scanned = lines.scanned();
    }
  }

  private static void scan(TailLines lines, String fileId, String name, long now, Work w)
      throws IOException {
    String what = "a line of " + name;
    boolean first = true;
    for (int i = 0; i < LOOKBACK_LINES; i++) {
      TailLines.Line line = lines.previous();
      if (line == null) {
        if (first) {
          w.pendingPartial = null;
        }
        break;
      }
      String key = fileId + "@" + (line.start() >= 0 ? line.start() : "e" + line.end());
      if (first && !line.terminated()) {
        first = false;
        if (line.bytes() == null) {
          w.count(Reason.TOO_LONG, key + ":partial", what, "an unfinished line over the limit");
        } else if (!key.equals(w.pendingPartial)) {
          w.pendingPartial = key;
          w.pendingSince = now;
          w.pendingCounted = false;
        }
        continue;
      }
      if (first) {
        w.pendingPartial = null;
      }
      first = false;
      if (line.bytes() == null) {
        w.count(
            Reason.TOO_LONG,
            key,
            what,
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
        if (!w.lastProblem.isEmpty()) {
          w.logs.add("serving records from " + name + " again");
          w.lastProblem = "";
        }
        w.record = r;
        w.recordFile = name;
        return;
      } catch (FeedFormatException e) {
        w.count(e.reason(), key, what, e.getMessage());
      }
    }
  }
}
