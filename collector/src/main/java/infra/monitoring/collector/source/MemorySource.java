package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.MemoryMetric;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code memory_percent}, {@code memory_used_bytes}, {@code memory_total_bytes}, {@code
 * swap_used_bytes} and {@code swap_total_bytes} from {@code /proc/meminfo}. "Used" is {@code
 * MemTotal - MemAvailable}, what node_exporter users chart as used memory ({@code
 * node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes}); the percent is the same share, as
 * psutil's. Swap used is {@code SwapTotal - SwapFree}.
 */
public final class MemorySource implements Source {
  private final HostPaths paths;
  private final ProcReader reader = new ProcReader();

  public MemorySource(HostPaths paths) {
    this.paths = paths;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    fill(parseMeminfo(reader.read(paths.proc("meminfo"))), into);
  }

  static void fill(Map<String, Long> kb, Metrics into) {
    Long total = bytes(kb, "MemTotal");
    Long available = bytes(kb, "MemAvailable");
    if (available == null) {
      // Kernels before 3.14 have no MemAvailable: estimate it as psutil does.
      Long free = bytes(kb, "MemFree");
      Long buffers = bytes(kb, "Buffers");
      Long cached = bytes(kb, "Cached");
      if (free != null && buffers != null && cached != null) {
        available = free + buffers + cached;
      }
    }
    if (total != null && total > 0 && available != null) {
      long used = Math.max(0, total - available);
      into.put(MemoryMetric.MEMORY_TOTAL_BYTES, total);
      into.put(MemoryMetric.MEMORY_USED_BYTES, used);
      into.put(
          MemoryMetric.MEMORY_PERCENT, Parse.round(Parse.clampPercent(100.0 * used / total), 1));
    }
    Long swapTotal = bytes(kb, "SwapTotal");
    Long swapFree = bytes(kb, "SwapFree");
    if (swapTotal != null && swapFree != null) {
      into.put(MemoryMetric.SWAP_TOTAL_BYTES, swapTotal);
      into.put(MemoryMetric.SWAP_USED_BYTES, Math.max(0, swapTotal - swapFree));
    }
  }

  private static Long bytes(Map<String, Long> kb, String key) {
    Long v = kb.get(key);
    return v == null ? null : v * 1024;
  }

  /** {@code Key: value kB} lines to a map of values in kB (as written; unitless lines as is). */
  static Map<String, Long> parseMeminfo(String text) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String[] f = Parse.fields(line.substring(colon + 1));
      if (f.length >= 1) {
        Long v = Parse.longOrNull(f[0]);
        if (v != null) {
          out.put(line.substring(0, colon), v);
        }
      }
    }
    return out;
  }
}
