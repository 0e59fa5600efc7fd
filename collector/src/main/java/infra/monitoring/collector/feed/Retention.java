package infra.monitoring.collector.feed;

import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.common.LogLayout;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes archives whose retention is over: a file dated D is kept for {@code days} full days after
 * D ends ({@code safeDays} when its stream name ends in {@code _safe}), decided by the date in the
 * name, not by modification time. Files without a date in their name are left alone.
 */
public final class Retention implements MaintenanceTask {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final LogLayout layout;
  private final ZoneId zone;
  private final Duration interval;
  private final int days;
  private final int safeDays;

  public Retention(LogLayout layout, ZoneId zone, Duration interval, int days, int safeDays) {
    this.layout = layout;
    this.zone = zone;
    this.interval = interval;
    this.days = days;
    this.safeDays = safeDays;
  }

  @Override
  public String name() {
    return "safe-remove";
  }

  @Override
  public Duration interval() {
    return interval;
  }

  @Override
  public void run(Instant now) throws IOException {
    Path dir = layout.archiveDir();
    if (!Files.isDirectory(dir)) {
      return;
    }
    LocalDate today = LocalDate.ofInstant(now, zone);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        Optional<LocalDate> date = LogLayout.dateOf(name);
        if (date.isEmpty() || !Files.isRegularFile(f) || name.endsWith(Archiver.TMP_SUFFIX)) {
          continue;
        }
        int keep = LogLayout.isSafe(name) ? safeDays : days;
        if (today.isAfter(date.get().plusDays(keep))) {
          Files.deleteIfExists(f);
          LOG.info("deleted {}: older than the {}-day retention", f, keep);
        }
      }
    }
  }
}
