package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector on node_exporter's own fixture files ({@code fixtures/node_exporter}, see its
 * NOTICE) reports what node_exporter 1.5 reports on the same files. The expected values are not
 * written by hand: {@code expected-node-exporter-1.5.prom} is the output of Debian's
 * prometheus-node-exporter 1.5.0 run with {@code --path.procfs/--path.sysfs} on this tree and
 * {@code --path.rootfs} on a directory holding {@code boot/} and {@code données/} (as this test
 * builds), written by {@code scripts/node-exporter-parity.sh}; its MemAvailable estimate line comes
 * from psutil 5.9.4 (Debian's python3-psutil) with {@code PROCFS_PATH} on this tree, since the
 * fixture meminfo has no MemAvailable and node_exporter exports no estimate.
 */
class NodeExporterParityTest {
  private static final Pattern SERIES =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern PSUTIL = Pattern.compile("^# psutil \\S+ .*: (\\d+)$");

  /** One series of node_exporter's output. */
  record Series(String name, Map<String, String> labels, double value) {}

  @TempDir static Path rootfs;
  static Metrics sample;
  static List<Series> expected;
  static long psutilAvailable;

  @BeforeAll
  static void sampleTheFixtureHost() throws IOException {
    Path tree = Fixtures.path("node_exporter");
    Files.createDirectories(rootfs.resolve("boot"));
    Files.createDirectories(rootfs.resolve("données"));
    CollectorSettings s =
        Fixtures.settings(
            Map.of(
                "MONITORING_PATH_PROCFS", tree.resolve("proc").toString(),
                "MONITORING_PATH_SYSFS", tree.resolve("sys").toString(),
                "MONITORING_PATH_ROOTFS", rootfs.toString()));
    try (Sampler sampler =
        new Sampler(
            SourceRegistry.create(s.sources(), s.probes()), s.sources(), s.run().intervalSec())) {
      sample = sampler.sample();
    }
    expected = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            tree.resolve("expected-node-exporter-1.5.prom"), StandardCharsets.UTF_8)) {
      Matcher p = PSUTIL.matcher(line);
      if (p.matches()) {
        psutilAvailable = Long.parseLong(p.group(1));
      }
      Matcher m = SERIES.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2).replace("\\\\", "\\").replace("\\\"", "\""));
        }
        expected.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
      }
    }
  }

  private static double value(String name) {
    return all(name).stream()
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " missing from node_exporter's output"))
        .value();
  }

  private static List<Series> all(String name) {
    return expected.stream().filter(s -> s.name().equals(name)).toList();
  }

  @Test
  void everySourceAndEveryNodeExporterCollectorSucceeds() {
    assertThat(sample.rows(RecordList.SOURCES)).allMatch(r -> r.bool(CollectorMetric.SOURCE_OK));
    assertThat(all("node_scrape_collector_success")).hasSize(9).allMatch(s -> s.value() == 1);
  }

  @Test
  void memoryTotalAndTheMemAvailableEstimateOfAnOldKernel() {
    long total = (long) value("node_memory_MemTotal_bytes");
    assertThat(sample.integer(MemoryMetric.MEMORY_TOTAL_BYTES)).isEqualTo(total);
    // The kernel's estimate from node_exporter's own readings of meminfo and zoneinfo...
    long low =
        (long) all("node_zoneinfo_low_pages").stream().mapToDouble(Series::value).sum()
            * PageSize.get();
    long pageCache =
        (long) (value("node_memory_Active_file_bytes") + value("node_memory_Inactive_file_bytes"));
    long slab = (long) value("node_memory_SReclaimable_bytes");
    long available =
        (long) value("node_memory_MemFree_bytes")
            - low
            + pageCache
            - Math.min(pageCache / 2, low)
            + slab
            - Math.min(slab / 2, low);
    assertThat(sample.integer(MemoryMetric.MEMORY_USED_BYTES)).isEqualTo(total - available);
    assertThat(sample.number(MemoryMetric.MEMORY_PERCENT))
        .isEqualTo(Math.round(1000.0 * (total - available) / total) / 10.0);
    // ... which is psutil's for the same files (written with 4 KiB pages).
    assumeThat(PageSize.get()).isEqualTo(4096);
    assertThat(available).isEqualTo(psutilAvailable);
  }

  @Test
  void swap() {
    long total = (long) value("node_memory_SwapTotal_bytes");
    assertThat(sample.integer(MemoryMetric.SWAP_TOTAL_BYTES)).isEqualTo(total);
    assertThat(sample.integer(MemoryMetric.SWAP_USED_BYTES))
        .isEqualTo(total - (long) value("node_memory_SwapFree_bytes"));
  }

  @Test
  void load() {
    assertThat(sample.number(SystemMetric.LOAD_1)).isEqualTo(value("node_load1"));
    assertThat(sample.number(SystemMetric.LOAD_5)).isEqualTo(value("node_load5"));
    assertThat(sample.number(SystemMetric.LOAD_15)).isEqualTo(value("node_load15"));
  }

  @Test
  void fileHandles() {
    assertThat(sample.integer(SystemMetric.FILEFD_ALLOCATED))
        .isEqualTo((long) value("node_filefd_allocated"));
    assertThat(sample.integer(SystemMetric.FILEFD_MAXIMUM))
        .isEqualTo((long) value("node_filefd_maximum"));
  }

  @Test
  void cpuFrequencyIsTheMeanOfTheCpusScalingFrequency() {
    double meanHz =
        all("node_cpu_scaling_frequency_hertz").stream()
            .mapToDouble(Series::value)
            .average()
            .orElseThrow();
    assertThat(all("node_cpu_scaling_frequency_hertz")).hasSize(4);
    assertThat(sample.number(CpuMetric.CPU_FREQ_GHZ)).isEqualTo(Parse.round(meanHz / 1e9, 6));
  }

  @Test
  void temperatureIsCoretempsPackageSensorLabelledPhysicalId() {
    Series label =
        all("node_hwmon_sensor_label").stream()
            .filter(s -> s.labels().get("label").equals("Physical id 0"))
            .findFirst()
            .orElseThrow();
    double packageCelsius =
        all("node_hwmon_temp_celsius").stream()
            .filter(
                s ->
                    s.labels()
                        .equals(Map.of("chip", "coretemp", "sensor", label.labels().get("sensor"))))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(sample.number(SensorMetric.TEMPERATURE)).isEqualTo(packageCelsius);
  }

  @Test
  void everyInterfaceWithItsNameAndCounters() {
    Map<String, long[]> ne = new LinkedHashMap<>();
    for (Series s : all("node_network_receive_bytes_total")) {
      ne.computeIfAbsent(s.labels().get("device"), d -> new long[2])[0] = (long) s.value();
    }
    for (Series s : all("node_network_transmit_bytes_total")) {
      ne.computeIfAbsent(s.labels().get("device"), d -> new long[2])[1] = (long) s.value();
    }
    List<Metrics.Row> expectedRows =
        ne.entrySet().stream()
            .map(
                e ->
                    new Metrics.Row(e.getKey())
                        .put(NetworkMetric.INTERFACE_BYTES_SENT, e.getValue()[1])
                        .put(NetworkMetric.INTERFACE_BYTES_RECV, e.getValue()[0]))
            .toList();
    assertThat(ne).containsKeys("💩0", "ibr10:30", "lo");
    assertThat(sample.rows(RecordList.INTERFACES))
        .containsExactlyInAnyOrderElementsOf(expectedRows);
    assertThat(sample.integer(NetworkMetric.BYTES_RECV))
        .isEqualTo(ne.values().stream().mapToLong(v -> v[0]).sum());
    assertThat(sample.integer(NetworkMetric.BYTES_SENT))
        .isEqualTo(ne.values().stream().mapToLong(v -> v[1]).sum());
  }

  @Test
  void filesystemsAreTheMountPointsNodeExporterMeasures() {
    // node_exporter lists a mount point once per table line (/ twice here) and measures it when
    // statfs works (device_error 0); the collector lists each once and leaves out, beyond
    // node_exporter's default exclusions, memory-backed and network types (none measurable here).
    Set<String> measured =
        all("node_filesystem_device_error").stream()
            .filter(s -> s.value() == 0)
            .filter(s -> !DiskSource.EXCLUDED_TYPES.contains(s.labels().get("fstype")))
            .map(s -> s.labels().get("mountpoint"))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(measured).contains("/", "/boot", "/données");
    List<Metrics.Row> disks = sample.rows(RecordList.DISKS);
    assertThat(disks).extracting(Metrics.Row::id).containsExactlyInAnyOrderElementsOf(measured);
    assertThat(disks).allMatch(d -> d.integer(DiskMetric.MOUNT_TOTAL_BYTES) > 0);
  }
}
