package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.MemoryMetric;
import org.junit.jupiter.api.Test;

class MemorySourceTest {

  @Test
  void usedIsTotalMinusAvailable() {
    Metrics m = new Metrics();
    MemorySource.fill(MemorySource.parseMeminfo(Fixtures.text("proc/meminfo")), m);
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
  void oldKernelWithoutMemAvailableEstimatesIt() {
    Metrics m = new Metrics();
    MemorySource.fill(
        MemorySource.parseMeminfo(
            "MemTotal: 1000 kB\nMemFree: 200 kB\nBuffers: 100 kB\nCached: 200 kB\n"),
        m);
    assertThat(m.integer(MemoryMetric.MEMORY_USED_BYTES)).isEqualTo(500L * 1024);
    assertThat(m.number(MemoryMetric.MEMORY_PERCENT)).isEqualTo(50.0);
    assertThat(m.get(MemoryMetric.SWAP_TOTAL_BYTES)).isNull();
  }

  @Test
  void garbageGivesNulls() {
    Metrics m = new Metrics();
    MemorySource.fill(MemorySource.parseMeminfo("nonsense\nMemTotal: x kB\n"), m);
    assertThat(m.scalars()).isEmpty();
  }
}
