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
 * psutil's. Swap used is {@code SwapTotal - SwapFree}. Kernels before 3.14 have no {@code
 * MemAvailable}: it is then estimated as the kernel's own estimate when it was introduced and as
 * psutil does ({@link #estimateAvailable}).
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
    Map<String, Long> kb = parseMeminfo(reader.read(paths.proc("meminfo")));
    Long available = bytes(kb, "MemAvailable");
    if (available == null || available == 0) {
      // 0 happens too (psutil issue 1915); procps and psutil estimate then as well.
      available = estimateAvailable(kb, reader.readOrNull(paths.proc("zoneinfo")), PageSize.get());
    }
    fill(kb, available, into);
  }

  /**
   * @param available MemAvailable in bytes (read or estimated), or null when unknown
   */
  static void fill(Map<String, Long> kb, Long available, Metrics into) {
    Long total = bytes(kb, "MemTotal");
    if (total != null && total > 0 && available != null) {
      if (available > total) {
        available = bytes(kb, "MemFree"); // a container's distorted view, as psutil and procps
      }
      if (available != null) {
        long used = Math.max(0, total - Math.max(0, available));
        into.put(MemoryMetric.MEMORY_TOTAL_BYTES, total);
        into.put(MemoryMetric.MEMORY_USED_BYTES, used);
        into.put(
            MemoryMetric.MEMORY_PERCENT, Parse.round(Parse.clampPercent(100.0 * used / total), 1));
      }
    }
    Long swapTotal = bytes(kb, "SwapTotal");
    Long swapFree = bytes(kb, "SwapFree");
    if (swapTotal != null && swapFree != null) {
      into.put(MemoryMetric.SWAP_TOTAL_BYTES, swapTotal);
      into.put(MemoryMetric.SWAP_USED_BYTES, Math.max(0, swapTotal - swapFree));
    }
  }

  /**
   * The kernel's MemAvailable as introduced in Linux 3.14 (commit 34e431b0ae39, {@code
   * si_mem_available}) and as psutil's {@code calculate_avail_vmem} computes it from {@code
   * /proc/meminfo} and {@code /proc/zoneinfo}: free memory less the zones' low watermarks, plus the
   * file page cache and the reclaimable slab, each less half of itself or the low watermarks,
   * whichever is smaller. Without the LRU or slab lines or without zoneinfo (kernels before
   * 2.6.28), psutil's fallback {@code MemFree + Cached}. Bytes, or null without {@code MemFree};
   * never negative.
   */
  static Long estimateAvailable(Map<String, Long> kb, String zoneinfo, long pageSize) {
    Long free = bytes(kb, "MemFree");
    if (free == null) {
      return null;
    }
    Long cached = bytes(kb, "Cached");
    long fallback = free + (cached == null ? 0 : cached);
    Long activeFile = bytes(kb, "Active(file)");
    Long inactiveFile = bytes(kb, "Inactive(file)");
    Long slabReclaimable = bytes(kb, "SReclaimable");
    if (activeFile == null || inactiveFile == null || slabReclaimable == null || zoneinfo == null) {
      return fallback;
    }
    long lowWatermark = lowWatermarkPages(zoneinfo) * pageSize;
    long available = free - lowWatermark;
    long pageCache = activeFile + inactiveFile;
    available += pageCache - Math.min(pageCache / 2, lowWatermark);
    available += slabReclaimable - Math.min(slabReclaimable / 2, lowWatermark);
    return Math.max(0, available);
  }

  /** The sum of every zone's {@code low} watermark in {@code /proc/zoneinfo}, in pages. */
  static long lowWatermarkPages(String zoneinfo) {
    long sum = 0;
    for (String line : zoneinfo.split("\n")) {
      String[] f = Parse.fields(line);
      if (f.length >= 2 && f[0].equals("low")) {
        Long v = Parse.longOrNull(f[1]);
        sum += v == null ? 0 : v;
      }
    }
    return sum;
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
