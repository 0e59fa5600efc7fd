package infra.monitoring.collector.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's page size (the unit of {@code /proc/zoneinfo}), read once from this process's
 * auxiliary vector ({@code AT_PAGESZ} in {@code /proc/self/auxv}, what {@code
 * sysconf(_SC_PAGESIZE)} returns). The host view shares this kernel, so this process's value is the
 * host's. 4096 when the vector cannot be read.
 */
final class PageSize {
  static final long DEFAULT = 4096;
  private static final long AT_NULL = 0;
  private static final long AT_PAGESZ = 6;
  private static volatile long cached;

  private PageSize() {}

  static long get() {
    long v = cached;
    if (v == 0) {
      v = read(Path.of("/proc/self/auxv"), "64".equals(System.getProperty("sun.arch.data.model")));
      cached = v;
    }
    return v;
  }

  /** {@code AT_PAGESZ} from an auxiliary vector file (pairs of native words), or the default. */
  static long read(Path auxv, boolean words64) {
    try {
      return parse(Files.readAllBytes(auxv), words64);
    } catch (IOException | SecurityException e) {
      return DEFAULT;
    }
  }

  static long parse(byte[] auxv, boolean words64) {
    ByteBuffer b = ByteBuffer.wrap(auxv).order(ByteOrder.nativeOrder());
    int word = words64 ? 8 : 4;
    while (b.remaining() >= 2 * word) {
      long type = words64 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
      long value = words64 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
      if (type == AT_PAGESZ && value > 0) {
        return value;
      }
      if (type == AT_NULL) {
        break;
      }
    }
    return DEFAULT;
  }
}
