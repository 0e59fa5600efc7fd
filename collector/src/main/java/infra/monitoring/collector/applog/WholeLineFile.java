package infra.monitoring.collector.applog;

import infra.monitoring.collector.files.SafeFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * An append-only log file that takes whole entries or nothing: each entry is written by one write
 * at the file's end, and a write that fails part-way (a full disk writes what fits) is cut back to
 * the length before it, so no partial entry stays to be glued to the next one. Opened lazily (again
 * after a failure); at opening, a last line left without its newline (a crash, or a cut that failed
 * too) is dropped. Errors never escape: {@link #writeEntry} says whether the entry is in the file.
 * Not thread-safe: the appender calls it under its lock.
 */
final class WholeLineFile extends OutputStream {
  /** How far back the opening repair looks for the last newline. */
  static final int REPAIR_WINDOW = 1 << 20;

  private final Path path;
  private FileChannel channel;
  private long dropped;
  private String lastError;

  WholeLineFile(Path path) {
    this.path = path;
  }

  /**
   * Appends one entry (ending in a newline).
   *
   * @return true when the whole entry is in the file; false when none of it is
   */
  boolean writeEntry(byte[] entry) {
    if (entry.length == 0) {
      return true;
    }
    try {
      if (channel == null) {
        open();
      }
      // Positional writes at the end: the one writer of this file, and a channel that reads too
      // (for the repair) cannot be in append mode.
      long before = channel.size();
      ByteBuffer buf = ByteBuffer.wrap(entry);
      try {
        while (buf.hasRemaining()) {
          channel.write(buf, before + buf.position());
        }
      } catch (IOException e) {
        cutBack(before);
        throw e;
      }
      return true;
    } catch (IOException | RuntimeException e) {
      dropped++;
      lastError = e.toString();
      return false;
    }
  }

  /** Entries not written since the last call, and clears the count. */
  long takeDropped() {
    long d = dropped;
    dropped = 0;
    return d;
  }

  /** Counts entries lost elsewhere (a notice that could not be written puts its count back). */
  void addDropped(long n) {
    dropped += n;
  }

  /** The error of the last entry that could not be written, or null. */
  String lastError() {
    return lastError;
  }

  private void cutBack(long length) {
    try {
      channel.truncate(length);
    } catch (IOException | RuntimeException e) {
      // The repair at the next opening drops the partial line instead.
      closeQuietly();
    }
  }

  private void open() throws IOException {
    // A regular file only, never followed through a link, created with the log root's file mode.
    FileChannel ch = SafeFiles.openReadWrite(path);
    try {
      repairTail(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    channel = ch;
  }

  /** Drops a last line without its newline; one longer than the window is closed off instead. */
  static void repairTail(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0 || byteAt(ch, size - 1) == '\n') {
      return;
    }
    long from = Math.max(0, size - REPAIR_WINDOW);
    ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
    while (tail.hasRemaining() && ch.read(tail, from + tail.position()) >= 0) {
      // read the whole window
    }
    for (int i = tail.position() - 1; i >= 0; i--) {
      if (tail.get(i) == '\n') {
        ch.truncate(from + i + 1);
        return;
      }
    }
    if (from == 0) {
      ch.truncate(0);
    } else {
      ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
    }
  }

  private static byte byteAt(FileChannel ch, long position) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    ch.read(one, position);
    return one.get(0);
  }

  @Override
  public void write(int b) {
    writeEntry(new byte[] {(byte) b});
  }

  @Override
  public void write(byte[] b, int off, int len) {
    byte[] entry = new byte[len];
    System.arraycopy(b, off, entry, 0, len);
    writeEntry(entry);
  }

  @Override
  public void flush() {
    // every entry is written through at once
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do with it
      }
      channel = null;
    }
  }
}
