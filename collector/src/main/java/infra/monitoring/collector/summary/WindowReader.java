package infra.monitoring.collector.summary;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the feed records whose time lies in a window, from the daily file of every local date the
 * window touches: {@code json/monitoring-DATE.jsonl}, or {@code archive/monitoring-DATE.jsonl.gz}
 * when that day was already archived. Bad lines are skipped and counted.
 */
final class WindowReader {

  /** A record with where it came from (1-based line number). */
  record Located(FeedRecord record, double epoch, String file, long line) {}

  /** The records in the window (file order), lines that did not decode, files read. */
  record Result(List<Located> records, long badLines, List<String> files) {}

  private WindowReader() {}

  static Result read(LogLayout layout, ZoneId zone, Instant from, Instant to) throws IOException {
    List<Located> out = new ArrayList<>();
    List<String> files = new ArrayList<>();
    long bad = 0;
    double lo = from.getEpochSecond() + from.getNano() / 1e9;
    double hi = to.getEpochSecond() + to.getNano() / 1e9;
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
      try (BufferedReader in = open(source)) {
        long n = 0;
        String line;
        while ((line = in.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          FeedRecord r;
          try {
            r = FeedCodec.decode(line);
          } catch (FeedFormatException e) {
            bad++;
            continue;
          }
          double t = r.epochSeconds();
          if (t >= lo && t <= hi) {
            out.add(new Located(r, t, name, n));
          }
        }
      } catch (java.io.EOFException e) {
        // A gzip still being written (or cut short): keep what was read.
        bad++;
      }
    }
    return new Result(out, bad, files);
  }

  private static BufferedReader open(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    if (p.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 64 * 1024);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
  }
}
