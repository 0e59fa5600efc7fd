package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.metric.SystemMetric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With MONITORING_PATH_PROCFS set, the sources read that tree, not this system's /proc. */
class HostViewTest {

  @Test
  void sourcesReadTheConfiguredProcfs() throws Exception {
    CollectorSettings s =
        Fixtures.settings(Map.of("MONITORING_PATH_PROCFS", Fixtures.path("proc").toString()));
    HostPaths paths = s.sources().paths();
    Metrics m = new Metrics();
    new MemorySource(paths).sample(m);
    new CpuSource(paths).sample(m);
    assertThat(m.integer(MemoryMetric.MEMORY_TOTAL_BYTES)).isEqualTo(24684096L * 1024);
    assertThat(m.integer(MemoryMetric.SWAP_TOTAL_BYTES)).isEqualTo(2097148L * 1024);
    assertThat(m.number(SystemMetric.LOAD_1)).isEqualTo(1.23);
    assertThat(m.number(SystemMetric.LOAD_15)).isEqualTo(0.06);
    // The fixture's /proc/stat does not move: no delta, so no percent.
    assertThat(m.get(CpuMetric.CPU_PERCENT)).isNull();
  }

  @Test
  void networkReadsTheHostNamespaceAndTemperatureTheConfiguredSysfs() throws Exception {
    CollectorSettings s =
        Fixtures.settings(
            Map.of(
                "MONITORING_PATH_PROCFS", Fixtures.path("proc").toString(),
                "MONITORING_PATH_SYSFS", Fixtures.path("sys").toString()));
    HostPaths paths = s.sources().paths();
    Metrics m = new Metrics();
    new NetworkSource(paths).sample(m);
    new TemperatureSource(paths).sample(m);
    // <procfs>/1/net/dev (the host's namespace), not <procfs>/net/dev.
    assertThat(m.rows(RecordList.INTERFACES))
        .extracting(Metrics.Row::id)
        .containsExactly("lo", "eth0", "wlan0");
    assertThat(m.integer(NetworkMetric.BYTES_SENT)).isEqualTo(500000L + 396360L + 4000000L);
    assertThat(m.number(SensorMetric.TEMPERATURE)).isEqualTo(52.0);
  }

  @Test
  void registryUsesTheConfiguredProcfs() {
    CollectorSettings s =
        Fixtures.settings(Map.of("MONITORING_PATH_PROCFS", Fixtures.path("proc").toString()));
    List<Source> sources = SourceRegistry.create(s.sources(), s.probes());
    try (Sampler sampler = new Sampler(sources, s.sources(), s.run().intervalSec())) {
      Metrics m = sampler.sample();
      assertThat(m.number(SystemMetric.LOAD_5)).isEqualTo(0.45);
      // A host view without a rootfs: the host's table (1/mounts), measured at its own paths.
      assertThat(m.rows(RecordList.SOURCES)).allMatch(r -> r.bool(CollectorMetric.SOURCE_OK));
      assertThat(m.integer(DiskMetric.DISK_TOTAL_BYTES)).isPositive();
      assertThat(m.integer(MemoryMetric.MEMORY_TOTAL_BYTES)).isEqualTo(24684096L * 1024);
    }
  }
}
