package infra.monitoring.exporter.gapfill;

import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.util.Arrays;

/** Snappy's block format (not the framed one), as remote write requires; aircompressor's codec. */
final class SnappyBlock {
  private SnappyBlock() {}

  static byte[] compress(byte[] raw) {
    SnappyCompressor c = new SnappyCompressor();
    byte[] out = new byte[c.maxCompressedLength(raw.length)];
    int n = c.compress(raw, 0, raw.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  static byte[] decompress(byte[] block) {
    int length = SnappyDecompressor.getUncompressedLength(block, 0);
    byte[] out = new byte[length];
    int n = new SnappyDecompressor().decompress(block, 0, block.length, out, 0, length);
    return n == length ? out : Arrays.copyOf(out, n);
  }
}
