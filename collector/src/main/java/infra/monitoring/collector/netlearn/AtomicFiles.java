package infra.monitoring.collector.netlearn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file rewrites that a crash cannot leave half-written: the bytes go to a sibling temporary
 * file, which then replaces the target by an atomic rename. Used for the small state files.
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
    Files.createDirectories(dir);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (durable) {
        ch.force(true);
      }
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
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
