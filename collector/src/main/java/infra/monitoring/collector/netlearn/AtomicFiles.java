package infra.monitoring.collector.netlearn;

import infra.monitoring.collector.files.SafeFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Whole-file rewrites that a crash cannot leave half-written: the bytes go to a new sibling
 * temporary file under a random name (created exclusively, so nothing placed there beforehand, a
 * link included, is written through), which then replaces the target by an atomic rename (a link at
 * the target's name is replaced, not followed). Used for the small state files; they get the file
 * mode of {@link infra.monitoring.collector.files.FileModes}.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code data}, creating parent directories.
   *
   * @param durable fsync the temporary file before the rename (survives power loss, costs a flush)
   */
  public static void write(Path target, byte[] data, boolean durable) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    SafeFiles.createDirectories(dir);
    Path tmp = SafeFiles.temporarySibling(target.toAbsolutePath());
    try {
      try (FileChannel ch = SafeFiles.createNew(tmp)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (durable) {
          ch.force(true);
        }
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Moves a file that could not be read aside as {@code <name>.corrupt-<epoch seconds>} so that it
   * can be inspected, and returns the new path (null when even that failed).
   */
  public static Path keepAside(Path file, long epochSeconds) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + epochSeconds);
    try {
      return Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      return null;
    }
  }
}
