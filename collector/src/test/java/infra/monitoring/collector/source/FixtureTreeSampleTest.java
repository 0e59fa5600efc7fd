package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.common.Metric;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.RecordList;
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
      got.remove(Metric.DISK_PERCENT);
      got.remove(Metric.DISK_USED_BYTES);
      got.remove(Metric.DISK_TOTAL_BYTES);
      Map<Metric, Object> expected = new LinkedHashMap<>();
      expected.put(Metric.CPU_FREQ_GHZ, 2.59614); // cpu MHz of the fixture cpuinfo (no cpufreq)
      expected.put(Metric.MEMORY_PERCENT, 2.5);
      expected.put(Metric.MEMORY_USED_BYTES, (24684096L - 24068660L) * 1024);
      expected.put(Metric.MEMORY_TOTAL_BYTES, 24684096L * 1024);
      expected.put(Metric.BYTES_SENT, 500000L + 396360L + 4000000L);
      expected.put(Metric.BYTES_RECV, 500000L + 158889954L + 9000000L);
      expected.put(Metric.TEMPERATURE, 52.0);
      expected.put(Metric.LOAD_1, 1.23);
      expected.put(Metric.LOAD_5, 0.45);
      expected.put(Metric.LOAD_15, 0.06);
      expected.put(Metric.SWAP_USED_BYTES, (2097148L - 1572860L) * 1024);
      expected.put(Metric.SWAP_TOTAL_BYTES, 2097148L * 1024);
      assertThat(got).isEqualTo(expected);
      assertThat(m.rows(RecordList.DISKS))
          .extracting(Metrics.Row::id)
          .containsExactly("/", "/data");
      assertThat(m.integer(Metric.DISK_TOTAL_BYTES))
          .isEqualTo(m.rows(RecordList.DISKS).get(0).integer(Metric.MOUNT_TOTAL_BYTES));
      assertThat(m.rows(RecordList.INTERFACES))
          .containsExactly(
              new Metrics.Row("lo")
                  .put(Metric.INTERFACE_BYTES_SENT, 500000L)
                  .put(Metric.INTERFACE_BYTES_RECV, 500000L),
              new Metrics.Row("eth0")
                  .put(Metric.INTERFACE_BYTES_SENT, 396360L)
                  .put(Metric.INTERFACE_BYTES_RECV, 158889954L),
              new Metrics.Row("wlan0")
                  .put(Metric.INTERFACE_BYTES_SENT, 4000000L)
                  .put(Metric.INTERFACE_BYTES_RECV, 9000000L));
      assertThat(m.rows(RecordList.PROBES)).isEmpty();
      assertThat(m.rows(RecordList.SOURCES))
          .extracting(Metrics.Row::id)
          .isEqualTo(List.of("cpu", "memory", "disk", "network", "temperature", "probes", "self"));
      assertThat(m.rows(RecordList.SOURCES)).allMatch(r -> r.bool(Metric.SOURCE_OK));
    }
  }
}
