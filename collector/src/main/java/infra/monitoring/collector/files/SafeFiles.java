package infra.monitoring.collector.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * How the collector opens and creates its files: regular files only, and never through a link.
 *
 * <p>An existing file is looked at without following links and must be a regular file; it is then
 * opened with {@code O_NOFOLLOW}, so a link put in its place meanwhile is refused by the kernel,
 * and looked at again after the open: it must be the same regular file (device and inode) as
 * before. A link, a directory, a device or a FIFO at the name is refused with {@link
 * NotRegularFileException} and left alone. New files are created with the mode of {@link
 * FileModes#current()}, temporary ones under a random name with {@code O_CREAT|O_EXCL} (which never
 * follows a link), and new directories with its directory mode.
 */
public final class SafeFiles {
  private SafeFiles() {}

  /** A name that is not a regular file (a link, directory, device or FIFO). */
  public static final class NotRegularFileException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    NotRegularFileException(Path file, String what) {
      super(file.toString(), null, "not a regular file (" + what + "): left alone");
    }
  }

  /** Creates a directory and its missing parents with the directory mode; existing ones stay. */
  public static Path createDirectories(Path dir) throws IOException {
    try {
      return Files.createDirectories(dir, FileModes.current().directoryAttribute());
    } catch (UnsupportedOperationException e) {
      return Files.createDirectories(dir); // a file system without POSIX modes
    }
  }

  /** Opens an existing regular file for reading. */
  public static FileChannel openRead(Path file) throws IOException {
    return open(file, Set.of(StandardOpenOption.READ), false);
  }

  /** An input stream of an existing regular file. */
  public static InputStream newInputStream(Path file) throws IOException {
    return Channels.newInputStream(openRead(file));
  }

  /**
   * Opens a regular file for appending, creating it (parents included) with the file mode when
   * missing.
   */
  public static FileChannel openAppend(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    return open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        true);
  }

  /**
   * Opens a regular file for reading and writing at any position, creating it (parents included)
   * with the file mode when missing.
   */
  public static FileChannel openReadWrite(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    return open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ),
        true);
  }

  /**
   * Creates a new file with the file mode and opens it for writing; fails when anything exists at
   * the name, a link included.
   */
  public static FileChannel createNew(Path file) throws IOException {
    Set<OpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    try {
      return FileChannel.open(file, options, FileModes.current().fileAttribute());
    } catch (UnsupportedOperationException e) {
      return FileChannel.open(file, options);
    }
  }

  /**
   * A fresh name for a temporary file next to {@code target}: {@code <name>.<random>.tmp}, random
   * so that nobody can place a file or link there in advance.
   */
  public static Path temporarySibling(Path target) {
    String random = UUID.randomUUID().toString().replace("-", "");
    return target.resolveSibling(target.getFileName() + "." + random + ".tmp");
  }

  /**
   * Reads a small regular file whole.
   *
   * @throws IOException when it is larger than {@code maxBytes}, naming the file and the limit
   */
  public static byte[] readSmall(Path file, int maxBytes) throws IOException {
    try (FileChannel ch = openRead(file)) {
      if (ch.size() > maxBytes) {
        throw new FileSystemException(
            file.toString(), null, "larger than " + maxBytes + " bytes: not read");
      }
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // a file that shrank meanwhile gives what it holds
      }
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /** The attributes of the name itself (a link is not followed), or null when nothing is there. */
  public static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static FileChannel open(Path file, Set<? extends OpenOption> options, boolean create)
      throws IOException {
    BasicFileAttributes before = attributes(file);
    if (before == null && !create) {
      throw new NoSuchFileException(file.toString());
    }
    requireRegular(file, before);
    Set<OpenOption> all = new HashSet<>(options);
    all.add(LinkOption.NOFOLLOW_LINKS);
    FileChannel ch;
    if (create) {
      try {
        ch = FileChannel.open(file, all, FileModes.current().fileAttribute());
      } catch (UnsupportedOperationException e) {
        ch = FileChannel.open(file, all);
      }
    } else {
      ch = FileChannel.open(file, all);
    }
    try {
      BasicFileAttributes after = attributes(file);
      requireRegular(file, after);
      if (after == null || (before != null && !Objects.equals(before.fileKey(), after.fileKey()))) {
        throw new FileSystemException(
            file.toString(), null, "replaced while being opened: left alone");
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  private static void requireRegular(Path file, BasicFileAttributes a)
      throws NotRegularFileException {
    if (a == null || a.isRegularFile()) {
      return;
    }
    String what =
        a.isSymbolicLink()
            ? "a symbolic link"
            : a.isDirectory() ? "a directory" : "a device or FIFO";
    throw new NotRegularFileException(file, what);
  }
}
