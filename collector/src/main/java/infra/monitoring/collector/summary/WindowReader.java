package infra.monitoring.collector.summary;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.feed.FeedStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the feed records whose time lies in a window, from the daily file of every local date the
 * window touches: {@code json/monitoring-DATE.jsonl}, or {@code archive/monitoring-DATE.jsonl.gz}
 * when that day was already archived (through {@link FeedStore}). Each record is handed on as it is
 * read and not kept, so memory does not grow with the window. Bad lines are skipped and counted.
 */
final class WindowReader {
  /** Receives each record of the window in file order, with where it came from (1-based line). */
  interface Sink {
    void accept(FeedRecord record, double epoch, String file, long line);
  }

  /** What a read found besides the records: lines that did not decode, files read. */
  record Result(long badLines, List<String> files) {}

  private WindowReader() {}

  /**
   * Lines whose {@code ts} prefix lies this far outside the window are skipped without decoding: a
   * record's {@code ts} (write time) follows its sample time by the sample's duration, so the
   * margin only has to absorb clock steps. This keeps a run at the end of a day (86,400 lines of ~2
   * KB) from decoding the whole file.
   */
  static final Duration PREFILTER_MARGIN = Duration.ofMinutes(5);

  static Result read(LogLayout layout, ZoneId zone, Instant from, Instant to, Sink sink)
      throws IOException {
    FeedStore store = new FeedStore(layout);
    List<String> files = new ArrayList<>();
    long bad = 0;
    double lo = from.getEpochSecond() + from.getNano() / 1e9;
    double hi = to.getEpochSecond() + to.getNano() / 1e9;
    byte[] loTs = tsKey(from.minus(PREFILTER_MARGIN));
    byte[] hiTs = tsKey(to.plus(PREFILTER_MARGIN));
    LocalDate last = LocalDate.ofInstant(to, zone);
    for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(last); d = d.plusDays(1)) {
      Optional<Path> source = store.feedFile(d);
      if (source.isEmpty()) {
        continue;
      }
      String name = source.get().getFileName().toString();
      files.add(name);
      FeedStore.Scan scan =
          FeedStore.scan(
              source.get(),
              (buf, len) -> outside(buf, len, loTs, hiTs),
              (r, n) -> {
                double t = r.epochSeconds();
                if (t >= lo && t <= hi) {
                  sink.accept(r, t, name, n);
                }
              });
      bad += scan.badLines();
    }
    return new Result(bad, files);
  }

  private static final byte[] TS_PREFIX = "{\"ts\": \"".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_LEN = 19; // yyyy-MM-ddTHH:mm:ss

  /** {@code yyyy-MM-ddTHH:mm:ss} of an instant in UTC, the feed's {@code ts} form. */
  static byte[] tsKey(Instant t) {
    return Timestamps.iso(t).substring(0, KEY_LEN).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * True when the line starts like a feed record ({@code {"ts": "2026-11-23T21:34:31.…+00:00"})
   * and that time is before {@code lo} or after {@code hi}. Anything else is decoded.
   */
  static boolean outside(byte[] buf, int len, byte[] lo, byte[] hi) {
    int p = TS_PREFIX.length;
    if (len < p + KEY_LEN + 6) {
      return false;
    }
    for (int i = 0; i < p; i++) {
      if (buf[i] != TS_PREFIX[i]) {
        return false;
      }
    }
    // Only UTC times compare as text; the feed always writes +00:00.
    int end = p + KEY_LEN;
    while (end < len && buf[end] != '"' && end < p + 40) {
      end++;
    }
    if (end >= len || end - 6 < p + KEY_LEN) {
      return false;
    }
    String zone = new String(buf, end - 6, 6, StandardCharsets.US_ASCII);
    if (!zone.equals("+00:00")) {
      return false;
    }
    for (int i = 0; i < KEY_LEN; i++) {
      byte b = buf[p + i];
      boolean digit = b >= '0' && b <= '9';
      boolean sep = i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
      if (sep ? digit : !digit) {
        return false;
      }
    }
    return compare(buf, p, lo) < 0 || compare(buf, p, hi) > 0;
  }

  private static int compare(byte[] buf, int off, byte[] key) {
    for (int i = 0; i < KEY_LEN; i++) {
      int d = buf[off + i] - key[i];
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }
}
