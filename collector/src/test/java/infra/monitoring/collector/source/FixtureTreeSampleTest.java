package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.metric.SystemMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole sample of a fixture host (procfs, sysfs and rootfs all pointed at committed trees):
 * every scalar the fixture determines, compared at once.
 */
class FixtureTreeSampleTest {

  @Test
  void wholeSampleOfTheFixtureHost() {
    CollectorSettings s =
        Fixtures.settings(
            Map.of(
                "MONITORING_PATH_PROCFS", Fixtures.path("proc").toString(),
                "MONITORING_PATH_SYSFS", Fixtures.path("sys").toString(),
                "MONITORING_PATH_ROOTFS", Fixtures.path("rootfs").toString()));
    try (Sampler sampler =
        new Sampler(
            SourceRegistry.create(s.sources(), s.probes()), s.sources(), s.run().intervalSec())) {
      Metrics m = sampler.sample();
      Map<Metric, Object> got = new LinkedHashMap<>(m.scalars());
      // Sizes of the filesystem the fixture tree sits on are this machine's: checked apart.
      got.remove(DiskMetric.DISK_PERCENT);
      got.remove(DiskMetric.DISK_USED_BYTES);
      got.remove(DiskMetric.DISK_TOTAL_BYTES);
      Map<Metric, Object> expected = new LinkedHashMap<>();
      expected.put(CpuMetric.CPU_FREQ_GHZ, 2.59614); // cpu MHz of the fixture cpuinfo (no cpufreq)
      expected.put(MemoryMetric.MEMORY_PERCENT, 2.5);
      expected.put(MemoryMetric.MEMORY_USED_BYTES, (24684096L - 24068660L) * 1024);
      expected.put(MemoryMetric.MEMORY_TOTAL_BYTES, 24684096L * 1024);
      expected.put(NetworkMetric.BYTES_SENT, 500000L + 396360L + 4000000L);
      expected.put(NetworkMetric.BYTES_RECV, 500000L + 158889954L + 9000000L);
      expected.put(SensorMetric.TEMPERATURE, 52.0);
      expected.put(SystemMetric.LOAD_1, 1.23);
      expected.put(SystemMetric.LOAD_5, 0.45);
      expected.put(SystemMetric.LOAD_15, 0.06);
      expected.put(SystemMetric.FILEFD_ALLOCATED, 1024L);
      expected.put(SystemMetric.FILEFD_MAXIMUM, 1631329L);
      expected.put(MemoryMetric.SWAP_USED_BYTES, (2097148L - 1572860L) * 1024);
      expected.put(MemoryMetric.SWAP_TOTAL_BYTES, 2097148L * 1024);
      assertThat(got).isEqualTo(expected);
      assertThat(m.rows(RecordList.DISKS))
          .extracting(Metrics.Row::id)
          .containsExactly("/", "/data");
      assertThat(m.integer(DiskMetric.DISK_TOTAL_BYTES))
          .isEqualTo(m.rows(RecordList.DISKS).get(0).integer(DiskMetric.MOUNT_TOTAL_BYTES));
      assertThat(m.rows(RecordList.INTERFACES))
          .containsExactly(
              new Metrics.Row("lo")
                  .put(NetworkMetric.INTERFACE_BYTES_SENT, 500000L)
                  .put(NetworkMetric.INTERFACE_BYTES_RECV, 500000L),
              new Metrics.Row("eth0")
                  .put(NetworkMetric.INTERFACE_BYTES_SENT, 396360L)
                  .put(NetworkMetric.INTERFACE_BYTES_RECV, 158889954L),
              new Metrics.Row("wlan0")
                  .put(NetworkMetric.INTERFACE_BYTES_SENT, 4000000L)
                  .put(NetworkMetric.INTERFACE_BYTES_RECV, 9000000L));
      assertThat(m.rows(RecordList.PROBES)).isEmpty();
      assertThat(m.rows(RecordList.SOURCES))
          .extracting(Metrics.Row::id)
          .isEqualTo(
              List.of(
                  "cpu", "memory", "disk", "network", "temperature", "filefd", "probes", "self"));
      assertThat(m.rows(RecordList.SOURCES)).allMatch(r -> r.bool(CollectorMetric.SOURCE_OK));
    }
  }
}
