package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.SensorMetric;
import org.junit.jupiter.api.Test;

class SummariesTest {

  @Test
  void shortLineHasTheOriginalsLayoutInEnglish() {
    Metrics m =
        new Metrics()
            .put(CpuMetric.CPU_PERCENT, 47.6)
            .put(CpuMetric.CPU_FREQ_GHZ, 2.596134)
            .put(MemoryMetric.MEMORY_PERCENT, 41.2)
            .put(ProbeMetric.PING_MS, 13.4)
            .put(DiskMetric.DISK_PERCENT, 21.8);
    assertThat(Summaries.shortLine(m))
        .isEqualTo("CPU 2.6GHz • 48% | RAM 41% | Ping 13 ms | Disk 22%");
  }

  @Test
  void partsWithoutValuesAreLeftOut() {
    assertThat(Summaries.shortLine(new Metrics().put(CpuMetric.CPU_PERCENT, 5.0)))
        .isEqualTo("CPU 5%");
    assertThat(Summaries.shortLine(new Metrics().put(DiskMetric.DISK_PERCENT, 5.0)))
        .isEqualTo("Disk 5%");
    assertThat(Summaries.shortLine(new Metrics())).isEqualTo("No data");
  }

  @Test
  void roundsHalfToEvenLikePython() {
    // Python: round(0.5) == 0, round(2.5) == 2, round(3.5) == 4; f"{0.25:.1f}" == "0.2".
    assertThat(Summaries.fixed(0.5, 0)).isEqualTo("0");
    assertThat(Summaries.fixed(2.5, 0)).isEqualTo("2");
    assertThat(Summaries.fixed(3.5, 0)).isEqualTo("4");
    assertThat(Summaries.fixed(0.25, 1)).isEqualTo("0.2");
    // 2.675 is stored as 2.67499999..., so Python gives 2.67 too.
    assertThat(Summaries.fixed(2.675, 2)).isEqualTo("2.67");
  }

  @Test
  void longBlockHasEveryLine() {
    Metrics m =
        new Metrics()
            .put(CpuMetric.CPU_PERCENT, 24.0)
            .put(CpuMetric.CPU_FREQ_GHZ, 2.6)
            .put(MemoryMetric.MEMORY_USED_BYTES, 322_122_547L)
            .put(MemoryMetric.MEMORY_TOTAL_BYTES, 25_769_803_776L)
            .put(DiskMetric.DISK_USED_BYTES, 23_729_694_310L)
            .put(DiskMetric.DISK_TOTAL_BYTES, 270_582_939_648L)
            .put(ProbeMetric.PING_MS, 0.54)
            .put(ProbeMetric.LATENCY_MS, 0.21)
            .put(SensorMetric.TEMPERATURE, 41.25)
            .put(NetworkMetric.BYTES_SENT, 86_266_634L)
            .put(NetworkMetric.BYTES_RECV, 2L * 1024 * 1024 * 1024)
            .put(CollectorMetric.TIMESTAMP, 1795469672.9);
    assertThat(Summaries.longLines(m))
        .containsExactly(
            "CPU: 2.6GHz • 24%",
            "RAM: 0.3 / 24 GiB • 1%",
            "Disk: 22.1 / 252 GiB • 9%",
            "Ping: 0.5 ms",
            "Latency: 0.2 ms",
            "Temperature: 41.2 °C",
            "Bytes sent: 82.27 MiB",
            "Bytes received: 2.00 GiB",
            "Date/time: 2026-11-23 21:34:32 UTC");
  }

  @Test
  void longBlockSaysUnavailable() {
    assertThat(Summaries.longLines(new Metrics()))
        .containsExactly(
            "CPU: unavailable",
            "RAM: unavailable",
            "Disk: unavailable",
            "Ping: unavailable",
            "Latency: unavailable",
            "Temperature: unavailable",
            "Bytes sent: unavailable",
            "Bytes received: unavailable",
            "Date/time: unavailable");
  }
}
