package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.feed.DatedFile;
import infra.monitoring.common.feed.FeedStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code backfill --from <log root> --out <file> [--start TIME] [--end TIME]}: writes the feed
 * history ({@code json/monitoring-*.jsonl} and {@code archive/monitoring-*.jsonl.gz}, oldest first;
 * only the records sampled from {@code --start} to {@code --end}, both included, when given) as
 * OpenMetrics text for {@code promtool tsdb create-blocks-from openmetrics}. Each record gives one
 * sample per series, stamped with the record's own sample time; a record whose time is not after
 * the previous one (the same day in an archive and in json/, or out of order) is skipped, so series
 * are strictly increasing in time. OpenMetrics wants each family's lines together and each series'
 * samples together, so one pass over the files spools each series to its own temporary file (a
 * bounded number open at a time) and the output is then assembled family by family: memory stays
 * bounded whatever the length of the history.
 */
final class Backfill {
  private static final String USAGE =
      "usage: exporter.jar backfill --from LOG_ROOT --out FILE [--start TIME] [--end TIME]\n"
          + "  --from LOG_ROOT  the collector's log root (reads json/ and archive/)\n"
          + "  --out FILE       OpenMetrics output, '-' for standard output\n"
          + "  --start TIME     only records sampled at or after TIME (RFC 3339 such as\n"
          + "                   2026-11-23T10:00:00Z, or Unix seconds); default: the oldest\n"
          + "  --end TIME       only records sampled at or before TIME; default: the newest\n"
          + "then: promtool tsdb create-blocks-from openmetrics FILE DATA_DIR (see docs/exporter.md)\n";

  private static final int MAX_OPEN_WRITERS = 64;

  /** What a run did. */
  record Summary(int files, long records, long skippedDuplicates, long badLines, int series) {}

  private Backfill() {}

  /** Runs the command; returns the exit status. */
  static int main(String[] args) {
    Path from = null;
    String out = null;
    double start = Double.NEGATIVE_INFINITY;
    double end = Double.POSITIVE_INFINITY;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      String value;
      if (a.equals("-h") || a.equals("--help")) {
        System.out.print(USAGE);
        return 0;
      }
      if (!List.of("--from", "--out", "--start", "--end").contains(name)) {
        return usageError("unknown argument '" + a + "'");
      }
      if (a.contains("=")) {
        value = a.substring(a.indexOf('=') + 1);
      } else if (i + 1 >= args.length || args[i + 1].isBlank()) {
        return usageError(a + " needs a value");
      } else {
        value = args[++i];
      }
      switch (name) {
        case "--from" -> from = Path.of(value);
        case "--out" -> out = value;
        default -> {
          Double t = time(value);
          if (t == null) {
            return usageError(
                name
                    + ": expected an RFC 3339 time such as 2026-11-23T10:00:00Z or Unix seconds,"
                    + " got '"
                    + value
                    + "'");
          }
          if (name.equals("--start")) {
            start = t;
          } else {
            end = t;
          }
        }
      }
    }
    if (start > end) {
      return usageError("--start is after --end");
    }
    if (from == null || out == null) {
      return usageError(from == null ? "--from is required" : "--out is required");
    }
    if (!Files.isDirectory(from)) {
      System.err.println("backfill: --from " + from + ": no such directory");
      return 2;
    }
    try {
      Summary s;
      if (out.equals("-")) {
        s =
            run(
                from,
                System.out,
                System.err,
                Path.of(System.getProperty("java.io.tmpdir")),
                start,
                end);
        System.out.flush();
      } else {
        Path outPath = Path.of(out).toAbsolutePath();
        Path tmp = outPath.getParent();
        try (OutputStream o = Files.newOutputStream(outPath)) {
          s = run(from, o, System.err, tmp, start, end);
        }
      }
      System.err.printf(
          Locale.ROOT,
          "backfill: done: %d files, %d records, %d series, %d duplicate or out-of-order records"
              + " skipped, %d bad lines skipped%n",
          s.files(),
          s.records(),
          s.series(),
          s.skippedDuplicates(),
          s.badLines());
      return 0;
    } catch (IOException | UncheckedIOException e) {
      System.err.println("backfill: " + e);
      return 1;
    }
  }

  private static int usageError(String message) {
    System.err.println("backfill: " + message);
    System.err.print(USAGE);
    return 2;
  }

  /** A time given as RFC 3339 (with a zone) or Unix seconds, as Unix seconds; null if neither. */
  static Double time(String v) {
    try {
      return Timestamps.epochSeconds(OffsetDateTime.parse(v.strip()).toInstant());
    } catch (DateTimeParseException e) {
      try {
        double d = Double.parseDouble(v.strip());
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException n) {
        return null;
      }
    }
  }

  /** Writes the history under {@code logRoot} to {@code out}; spools in {@code tmpParent}. */
  static Summary run(Path logRoot, OutputStream out, PrintStream progress, Path tmpParent)
      throws IOException {
    return run(
        logRoot, out, progress, tmpParent, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  /** The same for the records sampled from {@code start} to {@code end} (Unix seconds). */
  static Summary run(
      Path logRoot,
      OutputStream out,
      PrintStream progress,
      Path tmpParent,
      double start,
      double end)
      throws IOException {
    List<DatedFile> files = new FeedStore(new LogLayout(logRoot)).feedFiles();
    // A file named by a local date holds that day's records whatever the zone: a day either side.
    files.removeIf(
        f -> f.date().isBefore(day(start).minusDays(1)) || f.date().isAfter(day(end).plusDays(1)));
    Path tmp = Files.createTempDirectory(tmpParent, ".backfill-");
    try (Spool spool = new Spool(tmp)) {
      InOrder sink = new InOrder(spool, start, end);
      long bad = 0;
      int i = 0;
      for (DatedFile f : files) {
        i++;
        long before = sink.kept;
        bad += FeedStore.scan(f.path(), FeedStore.LineFilter.NONE, sink).badLines();
        progress.printf(
            Locale.ROOT,
            "backfill: [%d/%d] %s: %d records%n",
            i,
            files.size(),
            logRoot.relativize(f.path()),
            sink.kept - before);
      }
      OutputStream o = new BufferedOutputStream(out, 1 << 16);
      int series = spool.writeTo(o);
      o.write("# EOF\n".getBytes(StandardCharsets.UTF_8));
      o.flush();
      return new Summary(files.size(), sink.kept, sink.skipped, bad, series);
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Spools the records whose time is after the last one kept, so that every series is strictly
   * increasing in time; the others (the same day in an archive and in json/, a clock step back) are
   * counted and skipped.
   */
  private static final class InOrder implements FeedStore.RecordSink {
    private final Spool spool;
    private final double start;
    private final double end;
    private double last = Double.NEGATIVE_INFINITY;
    long kept;
    long skipped;

    InOrder(Spool spool, double start, double end) {
      this.spool = spool;
      this.start = start;
      this.end = end;
    }

    @Override
    public void accept(FeedRecord r, long line) throws IOException {
      double ts = r.epochSeconds();
      if (ts < start || ts > end) {
        return;
      }
      if (!(ts > last)) {
        skipped++;
        return;
      }
      last = ts;
      spool.add(r, ts);
      kept++;
    }
  }

  /** Series spooled to temporary files, one file per series, a few open at a time. */
  private static final class Spool implements AutoCloseable {
    private final Path dir;
    private final Map<String, LinkedHashMap<String, Path>> byFamily = new HashMap<>();
    private final LinkedHashMap<Path, OutputStream> open =
        new LinkedHashMap<>(MAX_OPEN_WRITERS * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Path, OutputStream> eldest) {
            if (size() > MAX_OPEN_WRITERS) {
              closeQuietly(eldest.getValue());
              return true;
            }
            return false;
          }
        };
    private int count;

    Spool(Path dir) {
      this.dir = dir;
    }

    void add(FeedRecord r, double ts) throws IOException {
      String stamp = BigDecimal.valueOf(ts).toPlainString();
      for (Family f : RecordFamilies.ALL) {
        for (Family.Sample s : f.samples(r)) {
          String labels = labels(f, s);
          Path p =
              byFamily
                  .computeIfAbsent(f.name(), k -> new LinkedHashMap<>())
                  .computeIfAbsent(labels, k -> dir.resolve("s" + (count++)));
          OutputStream o = open.get(p);
          if (o == null) {
            o =
                new BufferedOutputStream(
                    Files.newOutputStream(p, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                    8192);
            open.put(p, o);
          }
          String line = f.sampleName() + labels + " " + value(s.value()) + " " + stamp + "\n";
          o.write(line.getBytes(StandardCharsets.UTF_8));
        }
      }
    }

    int writeTo(OutputStream out) throws IOException {
      for (OutputStream o : open.values()) {
        o.close();
      }
      open.clear();
      int series = 0;
      for (Family f : RecordFamilies.ALL) {
        LinkedHashMap<String, Path> s = byFamily.get(f.name());
        if (s == null) {
          continue;
        }
        String type = f.type().openMetrics();
        String head =
            "# TYPE " + f.name() + " " + type + "\n# HELP " + f.name() + " " + help(f) + "\n";
        out.write(head.getBytes(StandardCharsets.UTF_8));
        for (Path p : s.values()) {
          Files.copy(p, out);
          Files.delete(p);
          series++;
        }
      }
      return series;
    }

    @Override
    public void close() {
      open.values().forEach(Spool::closeQuietly);
    }

    private static void closeQuietly(OutputStream o) {
      try {
        o.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static LocalDate day(double epoch) {
    if (Double.isInfinite(epoch)) {
      return epoch < 0 ? LocalDate.MIN.plusDays(2) : LocalDate.MAX.minusDays(2);
    }
    return LocalDate.ofInstant(Instant.ofEpochSecond((long) Math.floor(epoch)), ZoneOffset.UTC);
  }

  static String labels(Family f, Family.Sample s) {
    if (f.labelNames().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < f.labelNames().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(f.labelNames().get(i)).append("=\"");
      String v = s.labelValues().get(i);
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        switch (c) {
          case '\\' -> b.append("\\\\");
          case '"' -> b.append("\\\"");
          case '\n' -> b.append("\\n");
          default -> b.append(c);
        }
      }
      b.append('"');
    }
    return b.append('}').toString();
  }

  private static String help(Family f) {
    return f.help().replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
  }

  /** Plain decimal notation, shortest round-trip digits ({@code 0.0004}, {@code 181063060}). */
  static String value(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
