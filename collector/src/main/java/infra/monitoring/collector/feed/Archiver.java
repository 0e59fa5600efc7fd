package infra.monitoring.collector.feed;

import infra.monitoring.collector.files.SafeFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gzips a file into the archive directory safely: through a temporary file under a random name,
 * created new and synced before an atomic rename, never over an existing archive (the next free
 * {@code <name>.N.gz} is used), and the source is deleted only once the archive is complete and
 * synced. A source whose archive already holds the same bytes (a crash between archiving and
 * deleting) is just deleted. Sources and archives are read only as regular files, never through a
 * link ({@link SafeFiles}): a link at a day file's name is refused, not archived, and its target is
 * never read. Archives get the file mode of {@code MONITORING_UMASK}.
 */
final class Archiver {
  private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
  static final String TMP_SUFFIX = ".tmp";
  private static final int MAX_VERSIONS = 1000;

  private Archiver() {}

  /**
   * Archives {@code source} as {@code archiveDir/<archiveName>.gz} (or {@code .N.gz}) and deletes
   * it.
   *
   * @return the archive written or found
   */
  static Path archive(Path source, Path archiveDir, String archiveName) throws IOException {
    SafeFiles.createDirectories(archiveDir);
    for (int n = 0; n < MAX_VERSIONS; n++) {
      Path target =
          archiveDir.resolve(n == 0 ? archiveName + ".gz" : archiveName + "." + n + ".gz");
      if (SafeFiles.attributes(target) != null) {
        if (sameContent(target, source)) {
          LOG.info("{} is already archived as {}: deleting it", source, target);
          deleteAndSync(source);
          return target;
        }
        continue;
      }
      Path tmp = archiveDir.resolve(target.getFileName() + "." + UUID.randomUUID() + TMP_SUFFIX);
      try {
        gzip(source, tmp);
        try {
          // No REPLACE_EXISTING: the move fails rather than overwrite an archive.
          Files.move(tmp, target);
        } catch (FileAlreadyExistsException e) {
          Files.deleteIfExists(tmp);
          continue;
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      syncDir(archiveDir);
      if (n > 0) {
        LOG.warn(
            "archive {} already exists with other content: archived {} as {}",
            archiveDir.resolve(archiveName + ".gz"),
            source,
            target);
      } else {
        LOG.info("archived {} as {}", source, target);
      }
      deleteAndSync(source);
      return target;
    }
    throw new IOException("no free archive name for " + archiveName + " in " + archiveDir);
  }

  private static void gzip(Path source, Path tmp) throws IOException {
    try (InputStream in = SafeFiles.newInputStream(source);
        FileChannel out = SafeFiles.createNew(tmp)) {
      OutputStream os = Channels.newOutputStream(out);
      GZIPOutputStream gz = new GZIPOutputStream(os, 64 * 1024);
      in.transferTo(gz);
      gz.finish();
      gz.flush();
      out.force(true);
    }
  }

  /** True when the gzip {@code archive} decompresses to exactly the bytes of {@code plain}. */
  static boolean sameContent(Path archive, Path plain) {
    try (InputStream a =
            new GZIPInputStream(new BufferedInputStream(SafeFiles.newInputStream(archive)));
        InputStream b = new BufferedInputStream(SafeFiles.newInputStream(plain))) {
      byte[] x = new byte[64 * 1024];
      byte[] y = new byte[64 * 1024];
      while (true) {
        int nx = a.readNBytes(x, 0, x.length);
        int ny = b.readNBytes(y, 0, y.length);
        if (nx != ny || !Arrays.equals(x, 0, nx, y, 0, ny)) {
          return false;
        }
        if (nx == 0) {
          return true;
        }
      }
    } catch (IOException e) {
      return false; // a truncated or foreign archive (or a link) is not a copy
    }
  }

  private static void deleteAndSync(Path file) throws IOException {
    Files.deleteIfExists(file);
    syncDir(file.toAbsolutePath().getParent());
  }

  /** Makes a rename or delete durable; some file systems cannot sync a directory (ignored). */
  static void syncDir(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync directory {}: {}", dir, e.toString());
    }
  }
}
