package infra.monitoring.collector.feed;

import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.DatedFile;
import infra.monitoring.common.feed.FeedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
    LocalDate today = LocalDate.ofInstant(now, zone);
    for (DatedFile f : FeedStore.datedFiles(layout.archiveDir())) {
      if (f.name().endsWith(Archiver.TMP_SUFFIX)) {
        continue;
      }
      int keep = f.safe() ? safeDays : days;
      if (today.isAfter(f.date().plusDays(keep))) {
        Files.deleteIfExists(f.path());
        LOG.info("deleted {}: older than the {}-day retention", f.path(), keep);
      }
    }
  }
}
