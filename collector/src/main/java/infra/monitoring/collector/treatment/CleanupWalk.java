package infra.monitoring.collector.treatment;

import static net.logstash.logback.argument.StructuredArguments.kv;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The walk of {@link TempCleanup}, done entirely relative to opened directories ({@link
 * SecureDirectoryStream}: {@code openat}, {@code fstatat}, {@code unlinkat} with no link
 * following): each step names one entry of a directory already open, so swapping a directory for a
 * symbolic link, at any moment, can make the walk skip it but never reach outside. A deletion
 * removes the entry it names in the open directory: at worst a link that was put there, never what
 * it points to. Subdirectories on another filesystem (mount points) are not entered.
 */
final class CleanupWalk {
  private static final Logger LOG = LoggerFactory.getLogger(CleanupWalk.class);
  private static final int LOG_EACH_UP_TO = 100;
  private static final int MAX_DEPTH = 64;
  private static final Pattern DEV = Pattern.compile("dev=([0-9a-fA-F]+)");

  private final Instant cutoff;
  private final boolean dryRun;
  private final String device;
  int files;
  long bytes;
  int dirs;
  int young;
  int skipped;
  int otherFs;
  int failed;

  /**
   * @param rootKey the root's file key (its device is the filesystem the walk stays on)
   */
  CleanupWalk(Object rootKey, Instant cutoff, boolean dryRun) {
    this.cutoff = cutoff;
    this.dryRun = dryRun;
    this.device = device(rootKey);
  }

  /**
   * The device part of a Unix file key ({@code (dev=803,ino=1234)}), or null when the key has
   * another form: the walk then enters no subdirectory, since it cannot tell mount points.
   */
  static String device(Object fileKey) {
    Matcher m = fileKey == null ? null : DEV.matcher(fileKey.toString());
    return m != null && m.find() ? m.group(1) : null;
  }

  /**
   * Cleans the entries of an open directory.
   *
   * @return true when something stays in it
   */
  boolean walk(SecureDirectoryStream<Path> dir, Path where, int depth) {
    List<Path> names = new ArrayList<>();
    try {
      for (Path entry : (DirectoryStream<Path>) dir) {
        names.add(entry.getFileName());
      }
    } catch (RuntimeException e) { // DirectoryIteratorException: the directory went away
      failed++;
      LOG.warn("cleanup could not list {}: {}", where, e.toString());
      return true;
    }
    boolean keep = false;
    for (Path name : names) {
      Path shown = where.resolve(name);
      BasicFileAttributes a;
      try {
        a = attributes(dir, name);
      } catch (IOException e) {
        continue; // removed meanwhile: nothing to do
      }
      if (a.isDirectory()) {
        keep |= directory(dir, name, shown, depth);
      } else if (a.isRegularFile()) {
        keep |= file(dir, name, shown, a);
      } else {
        skipped++; // symbolic links (never followed, never deleted), sockets, fifos, devices
        keep = true;
      }
    }
    return keep;
  }

  private boolean directory(SecureDirectoryStream<Path> parent, Path name, Path shown, int depth) {
    if (depth >= MAX_DEPTH || device == null) {
      skipped++;
      return true;
    }
    boolean old;
    boolean keep;
    // O_NOFOLLOW: a directory swapped for a link since its attributes were read fails to open.
    try (SecureDirectoryStream<Path> child =
        parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      BasicFileAttributes self =
          child.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
      if (!device.equals(device(self.fileKey()))) {
        otherFs++;
        return true;
      }
      // The age is read before any child is deleted, since deleting changes the mtime.
      old = self.lastModifiedTime().toInstant().isBefore(cutoff);
      keep = walk(child, shown, depth + 1);
    } catch (IOException e) {
      skipped++;
      LOG.debug("cleanup did not enter {}: {}", shown, e.toString());
      return true;
    }
    if (keep || !old) {
      return true;
    }
    if (!dryRun) {
      try {
        parent.deleteDirectory(name); // unlinkat(AT_REMOVEDIR): fails on anything but a directory
      } catch (DirectoryNotEmptyException e) {
        return true; // something was created meanwhile: it stays
      } catch (IOException e) {
        failed++;
        LOG.warn("cleanup could not delete directory {}: {}", shown, e.toString());
        return true;
      }
    }
    dirs++;
    LOG.info("{} directory {}", dryRun ? "cleanup would delete" : "cleanup deleted", shown);
    return false;
  }

  private boolean file(
      SecureDirectoryStream<Path> dir, Path name, Path shown, BasicFileAttributes a) {
    if (!a.lastModifiedTime().toInstant().isBefore(cutoff)) {
      young++;
      return true;
    }
    if (!dryRun) {
      try {
        // Re-checked right before deleting: still a regular file, still old. unlinkat then
        // removes the entry of this directory, whatever it became in between.
        BasicFileAttributes now = attributes(dir, name);
        if (!now.isRegularFile() || !now.lastModifiedTime().toInstant().isBefore(cutoff)) {
          young++;
          return true;
        }
        dir.deleteFile(name);
      } catch (IOException e) {
        failed++;
        LOG.warn("cleanup could not delete {}: {}", shown, e.toString());
        return true;
      }
    }
    files++;
    bytes += a.size();
    if (files <= LOG_EACH_UP_TO) {
      LOG.info(
          "{} {}",
          dryRun ? "cleanup would delete" : "cleanup deleted",
          shown,
          kv("event", "cleanup_file"),
          kv("path", shown.toString()),
          kv("bytes", a.size()),
          kv("dry_run", dryRun));
    }
    return false;
  }

  private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name)
      throws IOException {
    return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .readAttributes();
  }
}
