package infra.monitoring.common.feed;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads the feed records sampled inside a time window, from the daily file of every date the window
 * touches ({@code json/}, or the day's archive, through {@link FeedStore}). A line whose {@code ts}
 * prefix lies well outside the window is passed over without decoding, and a file's read ends at
 * the first line well past the window's end, so a window at the end of a day of 1 s records (86,400
 * lines of ~2 KB) decodes only its own lines. Used by the collector's hourly summary and the
 * exporter's gap fill.
 */
public final class FeedWindow {

  /**
   * How far outside the window a line's {@code ts} must be to be skipped (or to end a file): a
   * record's {@code ts} (write time) follows its sample time by the sample's duration, so the
   * margin only has to absorb clock steps.
   */
  public static final Duration PREFILTER_MARGIN = Duration.ofMinutes(5);

  private static final byte[] TS_PREFIX = "{\"ts\": \"".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_LEN = 19; // yyyy-MM-ddTHH:mm:ss

  /** Receives a record of the window, its sample time, its file and 1-based line number. */
  public interface Sink {
    void accept(FeedRecord record, double epoch, Path file, long line) throws IOException;
  }

  /** What a read found: the files read (names), and the lines that were not records. */
  public record Result(List<String> files, long badLines) {}

  private FeedWindow() {}

  /**
   * Gives {@code sink} every record whose sample time lies in {@code [from, to]}, file by file in
   * date order and in file order within a file. The files are those of the local dates of {@code
   * zone} that the window touches and, when another process may name its files by another zone, of
   * the UTC dates ({@code alsoUtcDates}); a file missing is passed over.
   */
  public static Result scan(
      FeedStore store, ZoneId zone, boolean alsoUtcDates, Instant from, Instant to, Sink sink)
      throws IOException {
    double lo = Timestamps.epochSeconds(from);
    double hi = Timestamps.epochSeconds(to);
    byte[] loTs = tsKey(from.minus(PREFILTER_MARGIN));
    byte[] hiTs = tsKey(to.plus(PREFILTER_MARGIN));
    FeedStore.LineFilter filter =
        new FeedStore.LineFilter() {
          @Override
          public boolean skip(byte[] line, int length) {
            return outside(line, length, loTs, hiTs);
          }

          @Override
          public boolean stop(byte[] line, int length) {
            return after(line, length, hiTs);
          }
        };
    TreeSet<LocalDate> days = new TreeSet<>(dates(zone, from, to));
    if (alsoUtcDates) {
      days.addAll(dates(ZoneOffset.UTC, from, to));
    }
    List<String> files = new ArrayList<>();
    long bad = 0;
    for (LocalDate d : days) {
      Optional<Path> source = store.feedFile(d);
      if (source.isEmpty()) {
        continue;
      }
      Path file = source.get();
      files.add(file.getFileName().toString());
      FeedStore.Scan scan =
          FeedStore.scan(
              file,
              filter,
              (r, n) -> {
                Double t = r.epochSeconds();
                if (t != null && t >= lo && t <= hi) {
                  sink.accept(r, t, file, n);
                }
              });
      bad += scan.badLines();
    }
    return new Result(files, bad);
  }

  private static List<LocalDate> dates(ZoneId zone, Instant from, Instant to) {
    List<LocalDate> out = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(to, zone);
    for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(last); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  /** {@code yyyy-MM-ddTHH:mm:ss} of an instant in UTC, the feed's {@code ts} form. */
  public static byte[] tsKey(Instant t) {
    return Timestamps.iso(t).substring(0, KEY_LEN).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * True when the line starts like a feed record ({@code {"ts": "2026-11-23T21:34:31.…+00:00"})
   * and that time is before {@code lo} or after {@code hi}. Anything else is decoded.
   */
  public static boolean outside(byte[] buf, int len, byte[] lo, byte[] hi) {
    return utcTs(buf, len) && (compare(buf, TS_PREFIX.length, lo) < 0 || after(buf, len, hi));
  }

  /** True when the line starts like a feed record whose time is after {@code hi}. */
  static boolean after(byte[] buf, int len, byte[] hi) {
    return utcTs(buf, len) && compare(buf, TS_PREFIX.length, hi) > 0;
  }

  private static boolean utcTs(byte[] buf, int len) {
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
    return true;
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
