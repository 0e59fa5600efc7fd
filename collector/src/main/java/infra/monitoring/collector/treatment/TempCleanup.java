package infra.monitoring.collector.treatment;

import static net.logstash.logback.argument.StructuredArguments.kv;

import infra.monitoring.common.Summaries;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cleanup_temp_files}: deletes regular files older than {@code
 * MONITORING_CLEANUP_TEMP_AGE_DAYS} inside {@code MONITORING_CLEANUP_DIR}, and the directories
 * below it that are old and left empty. Unavailable when no directory is configured (the original
 * pruned the system temp directory). Symbolic links are neither followed nor deleted, so nothing
 * outside the directory is reached; the directory itself is never removed; a directory that still
 * holds a young file stays. A dry run lists what would go and deletes nothing.
 */
public final class TempCleanup implements TreatmentAction {
  public static final String NAME = "cleanup_temp_files";
  private static final Logger LOG = LoggerFactory.getLogger(TempCleanup.class);
  private static final int LOG_EACH_UP_TO = 100;

  private final Path dir;
  private final int ageDays;

  /**
   * @param dir the configured directory, or null (the action is then unavailable)
   */
  public TempCleanup(Path dir, int ageDays) {
    this.dir = dir;
    this.ageDays = ageDays;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Only the configuration is checked here (cheap, asked on every critical sample). */
  @Override
  public String unavailableReason() {
    return dir == null ? "MONITORING_CLEANUP_DIR is not set" : null;
  }

  /** Problems with the configured directory itself, found when the action runs. */
  private String directoryProblem() {
    if (!Files.isDirectory(dir)) {
      return "MONITORING_CLEANUP_DIR " + dir + " is not a directory";
    }
    try {
      if (dir.toRealPath().getNameCount() == 0) {
        return "MONITORING_CLEANUP_DIR " + dir + " is a filesystem root; refusing to clean it";
      }
    } catch (IOException e) {
      return "MONITORING_CLEANUP_DIR " + dir + ": " + e.getMessage();
    }
    return null;
  }

  @Override
  public Outcome run(Context ctx) throws IOException {
    String why = dir == null ? unavailableReason() : directoryProblem();
    if (why != null) {
      return new Outcome(false, why);
    }
    Path root = dir.toRealPath();
    Instant cutoff = ctx.now().minus(Duration.ofDays(ageDays));
    Walker w = new Walker(root, cutoff, ctx.dryRun());
    Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), 64, w);
    String verb = ctx.dryRun() ? "would delete " : "deleted ";
    String result =
        verb
            + w.files
            + (w.files == 1 ? " file (" : " files (")
            + Summaries.humanBytes((double) w.bytes)
            + ") and "
            + w.dirs
            + (w.dirs == 1 ? " directory" : " directories")
            + " older than "
            + ageDays
            + " days from "
            + root
            + "; kept "
            + w.young
            + " younger files"
            + (w.skipped > 0 ? ", skipped " + w.skipped + " links or special files" : "")
            + (w.failed > 0 ? ", " + w.failed + " failed" : "");
    return new Outcome(w.failed == 0, result);
  }

  private static final class Walker implements FileVisitor<Path> {
    private final Path root;
    private final Instant cutoff;
    private final boolean dryRun;
    private final Map<Path, Boolean> dirOld = new HashMap<>();
    private final Set<Path> keep = new HashSet<>();
    int files;
    long bytes;
    int dirs;
    int young;
    int skipped;
    int failed;

    Walker(Path root, Instant cutoff, boolean dryRun) {
      this.root = root;
      this.cutoff = cutoff;
      this.dryRun = dryRun;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
      // The age is read before any child is deleted, since deleting changes the directory's mtime.
      dirOld.put(d, a.lastModifiedTime().toInstant().isBefore(cutoff));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
      if (!a.isRegularFile()) {
        // Symbolic links (never followed, never deleted), sockets, fifos, devices: left alone.
        skipped++;
        keep.add(f.getParent());
        return FileVisitResult.CONTINUE;
      }
      if (!a.lastModifiedTime().toInstant().isBefore(cutoff)) {
        young++;
        keep.add(f.getParent());
        return FileVisitResult.CONTINUE;
      }
      if (!dryRun) {
        try {
          // Re-check right before deleting: still a regular file, still old.
          BasicFileAttributes now =
              Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (!now.isRegularFile() || !now.lastModifiedTime().toInstant().isBefore(cutoff)) {
            young++;
            keep.add(f.getParent());
            return FileVisitResult.CONTINUE;
          }
          Files.delete(f);
        } catch (IOException e) {
          failed++;
          keep.add(f.getParent());
          LOG.warn("cleanup could not delete {}: {}", f, e.toString());
          return FileVisitResult.CONTINUE;
        }
      }
      files++;
      bytes += a.size();
      if (files <= LOG_EACH_UP_TO) {
        LOG.info(
            "{} {}",
            dryRun ? "cleanup would delete" : "cleanup deleted",
            f,
            kv("event", "cleanup_file"),
            kv("path", f.toString()),
            kv("bytes", a.size()),
            kv("dry_run", dryRun));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path f, IOException e) {
      failed++;
      keep.add(f.getParent());
      LOG.warn("cleanup could not read {}: {}", f, e.toString());
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path d, IOException e) {
      if (d.equals(root)) {
        return FileVisitResult.CONTINUE;
      }
      boolean old = dirOld.getOrDefault(d, false);
      if (e != null || keep.contains(d) || !old) {
        keep.add(d.getParent());
        return FileVisitResult.CONTINUE;
      }
      if (!dryRun) {
        try {
          Files.delete(d);
        } catch (DirectoryNotEmptyException x) {
          // Something was created meanwhile: it stays.
          keep.add(d.getParent());
          return FileVisitResult.CONTINUE;
        } catch (IOException x) {
          failed++;
          keep.add(d.getParent());
          LOG.warn("cleanup could not delete directory {}: {}", d, x.toString());
          return FileVisitResult.CONTINUE;
        }
      }
      dirs++;
      LOG.info("{} directory {}", dryRun ? "cleanup would delete" : "cleanup deleted", d);
      return FileVisitResult.CONTINUE;
    }
  }
}
