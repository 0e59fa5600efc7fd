package infra.monitoring.common.feed;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into {@code \n}-terminated lines, one at a time, never holding more than {@code
 * maxLineBytes} of one: a longer line is reported as {@link #tooLong()} without its bytes, and a
 * last line without {@code \n} (a write cut short, or one in progress) as not {@link
 * #terminated()}. The buffer is reused between lines.
 */
public final class FeedLines {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkLen;
  private int chunkPos;
  private byte[] line = new byte[8192];
  private int length;
  private long number;
  private boolean tooLong;
  private boolean terminated;
  private boolean eof;

  public FeedLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Moves to the next line; false at the end of the stream. */
  public boolean next() throws IOException {
    length = 0;
    tooLong = false;
    boolean any = false;
    while (true) {
      if (chunkPos == chunkLen) {
        if (eof || (chunkLen = in.read(chunk)) <= 0) {
          eof = true;
          chunkLen = 0;
          chunkPos = 0;
          if (any) {
            number++;
            terminated = false;
            return true;
          }
          return false;
        }
        chunkPos = 0;
      }
      any = true;
      int start = chunkPos;
      int nl = -1;
      for (int i = chunkPos; i < chunkLen; i++) {
        if (chunk[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl >= 0 ? nl : chunkLen;
      append(start, end - start);
      chunkPos = nl >= 0 ? nl + 1 : chunkLen;
      if (nl >= 0) {
        number++;
        terminated = true;
        return true;
      }
    }
  }

  private void append(int from, int count) {
    if (tooLong || count == 0) {
      return;
    }
    if (length + count > maxLineBytes) {
      tooLong = true;
      length = 0;
      return;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count)));
    }
    System.arraycopy(chunk, from, line, length, count);
    length += count;
  }

  /** The current line's bytes (valid up to {@link #length()}); reused by the next call. */
  public byte[] bytes() {
    return line;
  }

  public int length() {
    return length;
  }

  /** 1-based number of the current line. */
  public long number() {
    return number;
  }

  /** True when the current line was longer than the limit (its bytes are not kept). */
  public boolean tooLong() {
    return tooLong;
  }

  /** False for a last line without {@code \n}. */
  public boolean terminated() {
    return terminated;
  }
}
