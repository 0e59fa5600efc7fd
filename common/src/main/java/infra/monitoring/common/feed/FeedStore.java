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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
 * archive/}, and the feed file being written now (today's, else the one modified last). Only
 * regular files count, looked at without following links. It also reads feed files forward, line by
 * line with a size bound, decoding each line through {@link FeedCodec} and counting the lines that
 * are not records by reason.
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
   * An entry of {@code json/} with a feed file's name that is not a regular file (a FIFO, a socket,
   * a device, a directory, a link): never opened, since opening a FIFO blocks until a writer comes.
   *
   * @param key the entry's identity ({@code dev/inode}), to tell a new one from one already seen
   * @param kind what it is, for a message
   */
  public record Skipped(Path path, Object key, String kind) {}

  /**
   * What {@link #currentFeed} found in {@code json/}: the feed file to read (null when there is
   * none) and the entries passed over because they are not regular files.
   */
  public record CurrentFeed(DatedFile file, List<Skipped> notRegular) {
    public CurrentFeed {
      notRegular = List.copyOf(notRegular);
    }
  }

  /**
   * The feed file the collector is writing now: today's ({@code today}, the local date the
   * collector names its files by) when it is a regular file; otherwise the regular feed file
   * modified last, the later date in the name on a tie. Not the largest name: a clock that ran
   * ahead and was set back leaves a file dated in the future that is no longer written. Entries
   * with a feed file's name that are not regular files (looked at without following links) are
   * returned apart, never chosen.
   *
   * @throws NoSuchFileException when {@code json/} does not exist
   */
  public CurrentFeed currentFeed(LocalDate today) throws IOException {
    Path dir = layout.jsonDir();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString());
    }
    List<Skipped> skipped = new ArrayList<>();
    DatedFile todays = null;
    DatedFile best = null;
    FileTime bestTime = null;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        Optional<LocalDate> date = LogLayout.dateOf(name);
        if (!LogLayout.isFeedFile(name) || date.isEmpty()) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (!a.isRegularFile()) {
          skipped.add(new Skipped(p, a.fileKey(), kind(a)));
          continue;
        }
        DatedFile f = new DatedFile(p, LogLayout.FEED_STREAM, date.get());
        FileTime t = a.lastModifiedTime();
        if (f.date().equals(today)) {
          todays = f;
        } else if (best == null
            || t.compareTo(bestTime) > 0
            || (t.equals(bestTime) && f.date().isAfter(best.date()))) {
          best = f;
          bestTime = t;
        }
      }
    }
    skipped.sort(Comparator.comparing(Skipped::path));
    return new CurrentFeed(todays != null ? todays : best, skipped);
  }

  private static String kind(BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a directory";
    }
    if (a.isSymbolicLink()) {
      return "a symbolic link";
    }
    return "not a regular file (a FIFO, socket or device)";
  }

  /**
   * The feed file the collector is writing now ({@link #currentFeed} for the local date), or null
   * when there is none.
   *
   * @throws NoSuchFileException when {@code json/} does not exist
   */
  public DatedFile newestFeedFile() throws IOException {
    return currentFeed(LocalDate.now()).file();
  }

  /**
   * Opens a file for reading forward, decompressing {@code .gz}; a link is refused, not followed.
   */
  public static InputStream open(Path p) throws IOException {
    InputStream in =
        new BufferedInputStream(Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS), 1 << 16);
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
