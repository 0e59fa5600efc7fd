package infra.monitoring.collector.summary;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the feed records whose time lies in a window, from the daily file of every local date the
 * window touches: {@code json/monitoring-DATE.jsonl}, or {@code archive/monitoring-DATE.jsonl.gz}
 * when that day was already archived. Bad lines are skipped and counted.
 */
final class WindowReader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WindowReader.class);

  /** A record with where it came from (1-based line number). */
  record Located(FeedRecord record, double epoch, String file, long line) {}

  /** The records in the window (file order), lines that did not decode, files read. */
  record Result(List<Located> records, long badLines, List<String> files) {}

  private WindowReader() {}

  /**
   * Lines whose {@code ts} prefix lies this far outside the window are skipped without decoding: a
   * record's {@code ts} (write time) follows its sample time by the sample's duration, so the
   * margin only has to absorb clock steps. This keeps a run at the end of a day (86,400 lines of ~2
   * KB) from decoding the whole file.
   */
  static final Duration PREFILTER_MARGIN = Duration.ofMinutes(5);

  static Result read(LogLayout layout, ZoneId zone, Instant from, Instant to) throws IOException {
    List<Located> out = new ArrayList<>();
    List<String> files = new ArrayList<>();
    long[] bad = {0};
    double lo = from.getEpochSecond() + from.getNano() / 1e9;
    double hi = to.getEpochSecond() + to.getNano() / 1e9;
    byte[] loTs = tsKey(from.minus(PREFILTER_MARGIN));
    byte[] hiTs = tsKey(to.plus(PREFILTER_MARGIN));
    LocalDate last = LocalDate.ofInstant(to, zone);
    for (LocalDate d = LocalDate.ofInstant(from, zone); !d.isAfter(last); d = d.plusDays(1)) {
      Path plain = layout.feedFile(d);
      Path gz = layout.archiveDir().resolve(plain.getFileName() + ".gz");
      Path source = Files.isRegularFile(plain) ? plain : Files.isRegularFile(gz) ? gz : null;
      if (source == null) {
        continue;
      }
      String name = source.getFileName().toString();
      files.add(name);
      try (InputStream in = open(source)) {
        forEachLine(
            in,
            (n, buf, len) -> {
              if (len == 0 || outside(buf, len, loTs, hiTs)) {
                return;
              }
              if (len > FeedCodec.DEFAULT_MAX_LINE_CHARS * 4) {
                bad[0]++;
                return;
              }
              String line = new String(buf, 0, len, StandardCharsets.UTF_8);
              if (line.isBlank()) {
                return;
              }
              FeedRecord r;
              try {
                r = FeedCodec.decode(line);
              } catch (FeedFormatException e) {
                bad[0]++;
                return;
              }
              double t = r.epochSeconds();
              if (t >= lo && t <= hi) {
                out.add(new Located(r, t, name, n));
              }
            });
      } catch (java.io.EOFException | java.util.zip.ZipException e) {
        // A gzip cut short or damaged: keep what was read, count the rest as one bad line.
        bad[0]++;
        LOG.warn("{}: {}; the records read before it are used", source, e.toString());
      }
    }
    return new Result(out, bad[0], files);
  }

  /** Receives one line (without its newline) and its 1-based number; {@code buf} is reused. */
  interface LineConsumer {
    void accept(long number, byte[] buf, int len);
  }

  /**
   * Splits a stream into lines on {@code \n} (a trailing {@code \r} is kept; JSON ignores it). A
   * line longer than the buffer limit is passed on cut short, with a length above the codec's
   * limit, so the caller counts it as bad.
   */
  static void forEachLine(InputStream in, LineConsumer c) throws IOException {
    final int limit = FeedCodec.DEFAULT_MAX_LINE_CHARS * 4 + 1;
    byte[] chunk = new byte[1 << 16];
    byte[] line = new byte[8192];
    int len = 0;
    boolean over = false;
    long n = 0;
    int r;
    while ((r = in.read(chunk)) > 0) {
      int start = 0;
      for (int i = 0; i < r; i++) {
        if (chunk[i] != '\n') {
          continue;
        }
        if (!over) {
          line = append(line, len, chunk, start, i - start);
          len += i - start;
        }
        c.accept(++n, line, over ? limit : len);
        len = 0;
        over = false;
        start = i + 1;
      }
      if (!over && start < r) {
        if (len + (r - start) > limit) {
          over = true;
        } else {
          line = append(line, len, chunk, start, r - start);
          len += r - start;
        }
      }
    }
    if (len > 0 || over) {
      c.accept(++n, line, over ? limit : len);
    }
  }

  private static byte[] append(byte[] line, int len, byte[] src, int off, int count) {
    if (len + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, len + count));
    }
    System.arraycopy(src, off, line, len, count);
    return line;
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

  private static InputStream open(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    if (p.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 64 * 1024);
    }
    return in;
  }
}
