package infra.monitoring.common;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where things live under the log root: {@code json/} (the feed and other JSONL streams), {@code
 * log/} (human files), {@code archive/} (gzipped past days), {@code app/} (the processes' own JSON
 * logs). Daily files are {@code <stream>[_safe]-YYYY-MM-DD.<ext>}, dated by local date.
 */
public record LogLayout(Path root) {
  public static final String FEED_STREAM = "monitoring";
  private static final Pattern DATED =
      Pattern.compile("(?<stream>.+?)-(?<date>\\d{4}-\\d{2}-\\d{2})\\.(?<ext>[A-Za-z0-9.]+)");

  public Path jsonDir() {
    return root.resolve("json");
  }

  public Path logDir() {
    return root.resolve("log");
  }

  public Path archiveDir() {
    return root.resolve("archive");
  }

  public Path appDir() {
    return root.resolve("app");
  }

  /** {@code json/monitoring-YYYY-MM-DD.jsonl}. */
  public Path feedFile(LocalDate date) {
    return jsonDir().resolve(fileName(FEED_STREAM, date, "jsonl"));
  }

  /** {@code <stream>-YYYY-MM-DD.<ext>}; the stream may end in {@code _safe}. */
  public static String fileName(String stream, LocalDate date, String ext) {
    return stream + "-" + date + "." + ext;
  }

  /** The date in a daily file's name, if it has one. */
  public static Optional<LocalDate> dateOf(String fileName) {
    Matcher m = DATED.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(m.group("date")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The stream part of a daily file's name ({@code monitoring}, {@code average_metric_safe}). */
  public static Optional<String> streamOf(String fileName) {
    Matcher m = DATED.matcher(fileName);
    return m.matches() ? Optional.of(m.group("stream")) : Optional.empty();
  }

  /** True for files whose retention is the longer one ({@code _safe} in the stream name). */
  public static boolean isSafe(String fileName) {
    return streamOf(fileName).map(s -> s.endsWith("_safe")).orElse(fileName.contains("_safe"));
  }

  /** True for the name of a feed file ({@code monitoring-YYYY-MM-DD.jsonl}). */
  public static boolean isFeedFile(String fileName) {
    return fileName.startsWith(FEED_STREAM + "-")
        && fileName.endsWith(".jsonl")
        && streamOf(fileName).map(FEED_STREAM::equals).orElse(false);
  }
}
