package infra.monitoring.common.feed;

import infra.monitoring.common.LogLayout;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A daily file of the log root, {@code <stream>[_safe]-YYYY-MM-DD.<ext>}: a feed file, a human log,
 * or their archive.
 *
 * @param stream {@code monitoring}, {@code average_metric_safe}, ...
 * @param date the local date in the name
 */
public record DatedFile(Path path, String stream, LocalDate date) {

  public String name() {
    return path.getFileName().toString();
  }

  public boolean gzip() {
    return name().endsWith(".gz");
  }

  /** A feed file: the {@code monitoring} stream, {@code .jsonl} or {@code .jsonl.gz}. */
  public boolean isFeed() {
    String n = name();
    return stream.equals(LogLayout.FEED_STREAM)
        && (n.endsWith(".jsonl") || n.endsWith(".jsonl.gz"));
  }

  /** Kept for the longer retention ({@code _safe} in the stream name). */
  public boolean safe() {
    return stream.endsWith("_safe");
  }
}
