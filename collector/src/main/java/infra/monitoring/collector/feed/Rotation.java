package infra.monitoring.collector.feed;

import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.DatedFile;
import infra.monitoring.common.feed.FeedStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gzips each past day's file ({@code json/*.jsonl} and {@code log/*.log} with a date in the name)
 * into {@code archive/<name>.gz}. A file is past when the date in its name has ended (local time)
 * and a short grace has passed, so a record sampled just before midnight still lands in its file;
 * the modification time plays no part, and today's file is never touched. Only regular files are
 * archived: a link at a day file's name is reported and left alone, its target never read.
 */
public final class Rotation implements MaintenanceTask {
  private static final Logger LOG = LoggerFactory.getLogger(Rotation.class);

  /** Time after midnight during which yesterday's file is left alone. */
  public static final Duration GRACE = Duration.ofMinutes(2);

  private final LogLayout layout;
  private final ZoneId zone;
  private final Duration interval;

  public Rotation(LogLayout layout, ZoneId zone, Duration interval) {
    this.layout = layout;
    this.zone = zone;
    this.interval = interval;
  }

  @Override
  public String name() {
    return "rotate";
  }

  @Override
  public Duration interval() {
    return interval;
  }

  @Override
  public void run(Instant now) throws IOException {
    List<Path> due = new ArrayList<>();
    due.addAll(due(layout.jsonDir(), ".jsonl", now));
    due.addAll(due(layout.logDir(), ".log", now));
    IOException first = null;
    for (Path file : due) {
      try {
        Archiver.archive(file, layout.archiveDir(), file.getFileName().toString());
      } catch (IOException e) {
        // Keep going with the other files; the failed one is retried at the next run.
        LOG.error("cannot archive {}: {}", file, e.toString());
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Dated files in {@code dir} ending in {@code ext} whose day (plus the grace) is over. */
  List<Path> due(Path dir, String ext, Instant now) throws IOException {
    List<Path> out = new ArrayList<>();
    for (DatedFile f : FeedStore.datedFiles(dir)) {
      if (f.name().endsWith(ext) && dayOver(f.date(), now)) {
        out.add(f.path());
      }
    }
    warnNotRegular(dir, ext);
    return out;
  }

  /**
   * Says which day files are links or other non-regular files: they are never archived (a link's
   * target could be anybody's file), so they stay until someone removes them.
   */
  private static void warnNotRegular(Path dir, String ext) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(ext) && LogLayout.dateOf(name).isPresent()) {
          BasicFileAttributes a = SafeFiles.attributes(p);
          if (a != null && !a.isRegularFile()) {
            LOG.warn("{} is not a regular file (a link or special file): not archived", p);
          }
        }
      }
    } catch (NoSuchFileException e) {
      // nothing to archive
    }
  }

  private boolean dayOver(LocalDate date, Instant now) {
    Instant end = date.plusDays(1).atStartOfDay(zone).toInstant().plus(GRACE);
    return !now.isBefore(end);
  }
}
