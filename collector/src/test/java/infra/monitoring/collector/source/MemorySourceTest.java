package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.MemoryMetric;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemorySourceTest {

  private static final String ZONEINFO =
      "Node 0, zone      DMA\n  pages free     2949\n        min      7\n        low      10\n"
          + "        high     12\nNode 0, zone   Normal\n        low      90\n"
          + "        protection: (0, 0, 0)\n";

  @Test
  void usedIsTotalMinusAvailable() {
    Metrics m = new Metrics();
    Map<String, Long> kb = MemorySource.parseMeminfo(Fixtures.text("proc/meminfo"));
    MemorySource.fill(kb, kb.get("MemAvailable") * 1024, m);
    long total = 24684096L * 1024;
    long used = (24684096L - 24068660L) * 1024;
    assertThat(m.integer(MemoryMetric.MEMORY_TOTAL_BYTES)).isEqualTo(total);
    assertThat(m.integer(MemoryMetric.MEMORY_USED_BYTES)).isEqualTo(used);
    assertThat(m.number(MemoryMetric.MEMORY_PERCENT))
        .isEqualTo(Math.round(1000.0 * used / total) / 10.0);
    assertThat(m.integer(MemoryMetric.SWAP_TOTAL_BYTES)).isEqualTo(2097148L * 1024);
    assertThat(m.integer(MemoryMetric.SWAP_USED_BYTES)).isEqualTo((2097148L - 1572860L) * 1024);
  }

  @Test
  void lowWatermarksAreTheLowLinesOfEveryZone() {
    assertThat(MemorySource.lowWatermarkPages(ZONEINFO)).isEqualTo(100);
  }

  @Test
  void oldKernelWithoutMemAvailableGetsTheKernelEstimate() {
    // free 2000 kB, file LRU 600+400 kB, reclaimable slab 300 kB; low watermarks 100 pages of 4
    // KiB.
    Map<String, Long> kb =
        MemorySource.parseMeminfo(
            "MemTotal: 10000 kB\nMemFree: 2000 kB\nCached: 1500 kB\nShmem: 500 kB\n"
                + "Active(file): 600 kB\nInactive(file): 400 kB\nSReclaimable: 300 kB\n");
    long low = 100 * 4096;
    long expected =
        2000 * 1024
            - low
            + (1000 * 1024 - Math.min(500 * 1024, low))
            + (300 * 1024 - Math.min(150 * 1024, low));
    assertThat(MemorySource.estimateAvailable(kb, ZONEINFO, 4096)).isEqualTo(expected);
    // Shmem sits in Cached but cannot be freed: the old free + buffers + cached counted it.
    assertThat(expected).isLessThan((2000 + 1500) * 1024);
  }

  @Test
  void withoutTheLruLinesOrZoneinfoTheEstimateIsFreePlusCached() {
    Map<String, Long> kb =
        MemorySource.parseMeminfo("MemTotal: 1000 kB\nMemFree: 200 kB\nCached: 300 kB\n");
    assertThat(MemorySource.estimateAvailable(kb, ZONEINFO, 4096)).isEqualTo(500L * 1024);
    Map<String, Long> withLru =
        MemorySource.parseMeminfo(
            "MemFree: 200 kB\nCached: 300 kB\nActive(file): 1 kB\nInactive(file): 1 kB\n"
                + "SReclaimable: 1 kB\n");
    assertThat(MemorySource.estimateAvailable(withLru, null, 4096)).isEqualTo(500L * 1024);
  }

  @Test
  void estimateIsNeverNegativeAndAnAvailableAboveTotalFallsBackToFree() {
    Map<String, Long> kb =
        MemorySource.parseMeminfo(
            "MemTotal: 1000 kB\nMemFree: 10 kB\nActive(file): 0 kB\nInactive(file): 0 kB\n"
                + "SReclaimable: 0 kB\n");
    assertThat(MemorySource.estimateAvailable(kb, ZONEINFO, 4096)).isZero();
    Metrics m = new Metrics();
    MemorySource.fill(kb, 5000L * 1024, m); // a container's view: more available than total
    assertThat(m.integer(MemoryMetric.MEMORY_USED_BYTES)).isEqualTo(990L * 1024);
  }

  @Test
  void garbageGivesNulls() {
    Metrics m = new Metrics();
    Map<String, Long> kb = MemorySource.parseMeminfo("nonsense\nMemTotal: x kB\n");
    MemorySource.fill(kb, MemorySource.estimateAvailable(kb, null, 4096), m);
    assertThat(m.scalars()).isEmpty();
  }

  @Test
  void pageSizeComesFromTheAuxiliaryVector() {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.nativeOrder());
    b.putLong(33).putLong(123).putLong(6).putLong(65536).putLong(0).putLong(0);
    assertThat(PageSize.parse(b.array(), true)).isEqualTo(65536);
    assertThat(PageSize.parse(new byte[0], true)).isEqualTo(PageSize.DEFAULT);
    assertThat(PageSize.get()).isPositive();
  }
}
