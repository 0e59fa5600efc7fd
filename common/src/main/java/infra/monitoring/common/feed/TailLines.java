package infra.monitoring.common.feed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a file's lines backwards from its end, one block at a time, so that finding the last lines
 * costs the same whatever the file's size. A line longer than {@code maxLineBytes} is reported
 * without its bytes (it is never loaded), and the whole scan stops once {@code scanBudget} bytes
 * have been read, so a pathological file cannot make a read unbounded.
 */
public final class TailLines {

  /**
   * One line without its {@code \n}.
   *
   * @param start offset of the first byte, or -1 when the scan budget ran out before it was found
   * @param end offset just after the last byte (where the {@code \n} is, for a terminated line)
   * @param bytes the content, or null when the line is longer than the limit (or its start unknown)
   * @param terminated false for the last line of a file that does not end with {@code \n}
   */
  public record Line(long start, long end, byte[] bytes, boolean terminated) {
    public long length() {
      return start < 0 ? -1 : end - start;
    }
  }

  private final FileChannel channel;
  private final long size;
  private final int maxLineBytes;
  private final long scanBudget;
  private final byte[] block;
  private long blockStart = -1;
  private int blockLength;
  private long scanned;
  private long nextEnd;
  private boolean started;

  public TailLines(
      FileChannel channel, long size, int maxLineBytes, long scanBudget, int blockSize) {
    this.channel = channel;
    this.size = size;
    this.maxLineBytes = maxLineBytes;
    this.scanBudget = scanBudget;
    this.block = new byte[blockSize];
  }

  /** Bytes read from the file so far. */
  public long scanned() {
    return scanned;
  }

  /** The line before the previous one returned (the last line first), or null when done. */
  public Line previous() throws IOException {
    if (!started) {
      started = true;
      if (size == 0) {
        nextEnd = -1;
        return null;
      }
      int last = byteAt(size - 1);
      if (last < 0) {
        nextEnd = -1;
        return null;
      }
      return lineEndingAt(last == '\n' ? size - 1 : size, last == '\n');
    }
    if (nextEnd < 0) {
      return null;
    }
    return lineEndingAt(nextEnd, true);
  }

  private Line lineEndingAt(long end, boolean terminated) throws IOException {
    long start = end;
    while (true) {
      if (start == 0) {
        break;
      }
      int b = byteAt(start - 1);
      if (b < 0) {
        // Scan budget spent before the line's start: it is over any sane limit.
        nextEnd = -1;
        return new Line(-1, end, null, terminated);
      }
      if (b == '\n') {
        break;
      }
      start--;
    }
    nextEnd = start - 1;
    long length = end - start;
    byte[] bytes = length > maxLineBytes ? null : read(start, (int) length);
    return new Line(start, end, bytes, terminated);
  }

  /** The byte at {@code pos} (0-255), or -1 when reading it would exceed the scan budget. */
  private int byteAt(long pos) throws IOException {
    if (pos < blockStart || pos >= blockStart + blockLength) {
      long from = Math.max(0, pos + 1 - block.length);
      int len = (int) (pos + 1 - from);
      if (scanned + len > scanBudget) {
        return -1;
      }
      readFully(ByteBuffer.wrap(block, 0, len), from);
      scanned += len;
      blockStart = from;
      blockLength = len;
    }
    return block[(int) (pos - blockStart)] & 0xff;
  }

  private byte[] read(long start, int length) throws IOException {
    byte[] out = new byte[length];
    if (start >= blockStart && start + length <= blockStart + blockLength) {
      System.arraycopy(block, (int) (start - blockStart), out, 0, length);
    } else {
      readFully(ByteBuffer.wrap(out), start);
    }
    return out;
  }

  private void readFully(ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n < 0) {
        // The file shrank under us (truncated while reading): zero-fill, the caller re-reads.
        while (buf.hasRemaining()) {
          buf.put((byte) 0);
        }
        return;
      }
      pos += n;
    }
  }
}
