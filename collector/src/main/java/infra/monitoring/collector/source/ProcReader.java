package infra.monitoring.collector.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads small kernel text files ({@code /proc/stat}, {@code /proc/meminfo}, ...) whole into a
 * string through one reused buffer: no fork, no per-call buffer growth. Kernel files report size 0,
 * so the file is read to its end. Tests read fixtures through this same class. Not thread-safe:
 * each source owns one.
 */
public final class ProcReader {
  private static final int MAX_BYTES = 4 << 20;
  private ByteBuffer buffer = ByteBuffer.allocate(16 << 10);

  /**
   * The whole file as text, decoded as UTF-8: kernel text is ASCII except for names the kernel
   * passes through as bytes (interface names, mount points), which are UTF-8 on any current system;
   * an invalid sequence becomes U+FFFD, as node_exporter's labels.
   */
  public String read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      buffer.clear();
      while (true) {
        int n = ch.read(buffer);
        if (n < 0) {
          break;
        }
        if (!buffer.hasRemaining()) {
          if (buffer.capacity() >= MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
          }
          ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
          buffer.flip();
          bigger.put(buffer);
          buffer = bigger;
        }
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }
  }

  /** The file's text, or null when it does not exist or cannot be read. */
  public String readOrNull(Path file) {
    try {
      return read(file);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
