package infra.monitoring.collector.treatment;

import infra.monitoring.common.Summaries;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code cleanup_temp_files}: deletes regular files older than {@code
 * MONITORING_CLEANUP_TEMP_AGE_DAYS} inside {@code MONITORING_CLEANUP_DIR}, and the directories
 * below it that are old and left empty. Unavailable when no directory is configured (the original
 * pruned the system temp directory). The walk ({@link CleanupWalk}) works relative to opened
 * directories and never follows a link, so nothing outside the directory is reached even while its
 * contents are being swapped for links; it stays on the directory's filesystem. The directory
 * itself is never removed; a directory that still holds a young file stays. A directory that other
 * users can write to (group or other write permission, or another owner than this process's user or
 * root) is refused: they could plant what the cleanup deletes. A dry run lists what would go and
 * deletes nothing.
 */
public final class TempCleanup implements TreatmentAction {
  public static final String NAME = "cleanup_temp_files";
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

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

  @Override
  public Outcome run(Context ctx) throws IOException {
    if (dir == null) {
      return new Outcome(false, unavailableReason());
    }
    Path root;
    try {
      root = dir.toRealPath();
    } catch (IOException e) {
      return new Outcome(false, "MONITORING_CLEANUP_DIR " + dir + ": " + e.getMessage());
    }
    if (!Files.isDirectory(root)) {
      return new Outcome(false, "MONITORING_CLEANUP_DIR " + dir + " is not a directory");
    }
    if (root.getNameCount() == 0) {
      return new Outcome(
          false, "MONITORING_CLEANUP_DIR " + dir + " is a filesystem root; refusing to clean it");
    }
    try (DirectoryStream<Path> opened = Files.newDirectoryStream(root)) {
      if (!(opened instanceof SecureDirectoryStream<Path> sds)) {
        return new Outcome(
            false, "this platform has no race-free directory access; refusing to clean " + root);
      }
      // The checks read the opened directory itself, not the path, which could change meanwhile.
      PosixFileAttributes a =
          sds.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
      String why = writableByOthers(a, processUser());
      if (why != null) {
        return new Outcome(
            false, "MONITORING_CLEANUP_DIR " + root + " " + why + "; refusing to clean it");
      }
      Instant cutoff = ctx.now().minus(Duration.ofDays(ageDays));
      CleanupWalk w = new CleanupWalk(a.fileKey(), cutoff, ctx.dryRun());
      w.walk(sds, root, 0);
      return new Outcome(w.failed == 0, summary(w, root, ctx.dryRun()));
    }
  }

  /**
   * Why a directory with these attributes can be written by users other than this process's, or
   * null when it cannot.
   */
  static String writableByOthers(PosixFileAttributes a, UserPrincipal self) {
    if (!a.owner().equals(self) && !"root".equals(a.owner().getName())) {
      return "belongs to " + a.owner().getName() + ", not to this process's user";
    }
    if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
      return "is writable by its group or by other users";
    }
    return null;
  }

  /** This process's effective user: the owner of its own {@code /proc/self}. */
  private static UserPrincipal processUser() throws IOException {
    return Files.getOwner(Path.of("/proc/self"));
  }

  private String summary(CleanupWalk w, Path root, boolean dryRun) {
    return (dryRun ? "would delete " : "deleted ")
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
        + (w.otherFs > 0 ? ", did not enter " + w.otherFs + " other filesystems" : "")
        + (w.failed > 0 ? ", " + w.failed + " failed" : "");
  }
}
