package infra.monitoring.common.feed;

import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedFormatException;
import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The one place that knows the files of a log root: the daily files of {@code json/}, {@code log/}
 * and {@code archive/} (plain or gzipped), the feed's days across {@code json/} and {@code
 * archive/}, and the feed file being written now. Only regular files count, looked at without
 * following links. It also reads feed files forward, line by line with a size bound, decoding each
 * line through {@link FeedCodec} and counting the lines that are not records by reason.
 */
public final class FeedStore {

  /** Longest line that is decoded; longer lines are counted as {@code too_long} unread. */
  public static final int MAX_LINE_BYTES = FeedCodec.DEFAULT_MAX_LINE_CHARS;

  private final LogLayout layout;

  public FeedStore(LogLayout layout) {
    this.layout = layout;
  }

  public LogLayout layout() {
    return layout;
  }

  /** Every regular file of a directory (links not followed), sorted by name; none if missing. */
  public static List<Path> regularFiles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          out.add(p);
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  /** The regular files of a directory with a date in their name, sorted by name. */
  public static List<DatedFile> datedFiles(Path dir) throws IOException {
    List<DatedFile> out = new ArrayList<>();
    for (Path p : regularFiles(dir)) {
      String n = p.getFileName().toString();
      Optional<LocalDate> date = LogLayout.dateOf(n);
      Optional<String> stream = LogLayout.streamOf(n);
      if (date.isPresent() && stream.isPresent()) {
        out.add(new DatedFile(p, stream.get(), date.get()));
      }
    }
    return out;
  }

  /**
   * The feed's files across {@code archive/} and {@code json/}, oldest day first; a day found in
   * both (a crash between archiving and deleting) gives the archive first.
   */
  public List<DatedFile> feedFiles() throws IOException {
    List<DatedFile> out = new ArrayList<>();
    for (Path dir : List.of(layout.archiveDir(), layout.jsonDir())) {
      for (DatedFile f : datedFiles(dir)) {
        if (f.isFeed()) {
          out.add(f);
        }
      }
    }
    out.sort(
        Comparator.comparing(DatedFile::date)
            .thenComparing(f -> f.gzip() ? 0 : 1)
            .thenComparing(DatedFile::name));
    return out;
  }

  /** The feed file of a day: {@code json/} if there, else its archive; empty when neither. */
  public Optional<Path> feedFile(LocalDate day) {
    Path plain = layout.feedFile(day);
    if (Files.isRegularFile(plain, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(plain);
    }
    Path gz = layout.archiveDir().resolve(plain.getFileName() + ".gz");
    return Files.isRegularFile(gz, LinkOption.NOFOLLOW_LINKS) ? Optional.of(gz) : Optional.empty();
  }

  /**
   * The newest feed file of {@code json/} by the date in its name, or null when there is none.
   *
   * @throws NoSuchFileException when {@code json/} does not exist
   */
  public DatedFile newestFeedFile() throws IOException {
    if (!Files.isDirectory(layout.jsonDir())) {
      throw new NoSuchFileException(layout.jsonDir().toString());
    }
    DatedFile best = null;
    for (DatedFile f : datedFiles(layout.jsonDir())) {
      if (f.isFeed() && !f.gzip() && (best == null || !f.date().isBefore(best.date()))) {
        best = f;
      }
    }
    return best;
  }

  /** Opens a file for reading forward, decompressing {@code .gz}. */
  public static InputStream open(Path p) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** Receives a record and the 1-based number of its line. */
  public interface RecordSink {
    void accept(FeedRecord record, long line) throws IOException;
  }

  /** Skips a line before decoding (for example by the time at its start); the bytes are reused. */
  public interface LineFilter {
    boolean skip(byte[] line, int length);

    /**
     * True to end the read at this line (it is not decoded): a file in time order needs no reading
     * past the end of a window.
     */
    default boolean stop(byte[] line, int length) {
      return false;
    }

    LineFilter NONE = (line, length) -> false;
  }

  /** What a read found: records decoded, and the lines that were not records, by reason. */
  public record Scan(long records, Map<Reason, Long> bad) {
    public long badLines() {
      return bad.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * Reads a feed file forward and gives each record to {@code sink}. Blank lines are passed over; a
   * line over {@link #MAX_LINE_BYTES}, a last line without {@code \n}, and a line that does not
   * decode are counted by reason. A gzip cut short or damaged keeps what was read before it and
   * counts the rest as one partial line.
   */
  public static Scan scan(Path file, LineFilter filter, RecordSink sink) throws IOException {
    Map<Reason, Long> bad = new EnumMap<>(Reason.class);
    long records = 0;
    try (InputStream in = open(file)) {
      FeedLines lines = new FeedLines(in, MAX_LINE_BYTES);
      try {
        while (lines.next()) {
          if (lines.tooLong()) {
            bad.merge(Reason.TOO_LONG, 1L, Long::sum);
            continue;
          }
          if (lines.length() > 0 && filter.stop(lines.bytes(), lines.length())) {
            break;
          }
          if (lines.length() == 0 || filter.skip(lines.bytes(), lines.length())) {
            continue;
          }
          if (!lines.terminated()) {
            bad.merge(Reason.PARTIAL, 1L, Long::sum);
            continue;
          }
          String text = new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
          if (text.isBlank()) {
            continue;
          }
          FeedRecord r;
          try {
            r = FeedCodec.decode(text, MAX_LINE_BYTES);
          } catch (FeedFormatException e) {
            bad.merge(e.reason(), 1L, Long::sum);
            continue;
          }
          sink.accept(r, lines.number());
          records++;
        }
      } catch (EOFException | ZipException e) {
        bad.merge(Reason.PARTIAL, 1L, Long::sum);
      }
    }
    return new Scan(records, bad);
  }
}
