package infra.monitoring.collector.feed;

import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.FeedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compress task: finishes what a crash left in {@code archive/}. Stray {@code *.tmp} files (an
 * archive being written when the process died) are deleted, the source file being still in place;
 * {@code *.rotating} files left by the Python original are gzipped to {@code <name>.gz} and
 * removed. Runs on the maintenance thread, which also runs {@link Rotation}, so no archive is being
 * written while it looks.
 */
public final class ArchiveRepair implements MaintenanceTask {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveRepair.class);
  static final String ROTATING = ".rotating";

  private final LogLayout layout;
  private final Duration interval;

  public ArchiveRepair(LogLayout layout, Duration interval) {
    this.layout = layout;
    this.interval = interval;
  }

  @Override
  public String name() {
    return "compress";
  }

  @Override
  public Duration interval() {
    return interval;
  }

  @Override
  public void run(Instant now) throws IOException {
    Path dir = layout.archiveDir();
    // Listed first: archiving adds files to this directory.
    List<Path> files = FeedStore.regularFiles(dir);
    for (Path f : files) {
      String name = f.getFileName().toString();
      if (name.endsWith(Archiver.TMP_SUFFIX)) {
        Files.deleteIfExists(f);
        LOG.info("deleted {}: an unfinished archive from an earlier run", f);
      } else if (name.endsWith(ROTATING)) {
        String base = name.substring(0, name.length() - ROTATING.length());
        Archiver.archive(f, dir, base);
      }
    }
  }
}
