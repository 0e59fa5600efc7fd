package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import java.util.TreeMap;
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
 * {@code --path.rootfs} on a directory holding {@code boot/}, {@code données/} and {@code srv/ro/}
 * (as this test builds), written by {@code scripts/node-exporter-parity.sh}; its MemAvailable
 * estimate line comes from psutil 5.9.4 (Debian's python3-psutil) with {@code PROCFS_PATH} on this
 * tree, since the fixture meminfo has no MemAvailable and node_exporter exports no estimate.
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
    Files.createDirectories(rootfs.resolve("srv/ro"));
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
    assertThat(all("node_scrape_collector_success")).hasSize(17).allMatch(s -> s.value() == 1);
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
        .extracting(r -> r.id())
        .containsExactlyInAnyOrderElementsOf(ne.keySet());
    assertThat(sample.rows(RecordList.INTERFACES))
        .map(
            r ->
                new Metrics.Row(r.id())
                    .put(
                        NetworkMetric.INTERFACE_BYTES_SENT,
                        r.get(NetworkMetric.INTERFACE_BYTES_SENT))
                    .put(
                        NetworkMetric.INTERFACE_BYTES_RECV,
                        r.get(NetworkMetric.INTERFACE_BYTES_RECV)))
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

  /** The value a declared field of a row is served with: the record's value in the base unit. */
  private static double served(Metrics.Row row, Metric field) {
    Object v = row.get(field);
    assertThat(v).as(row.id() + " " + field.key()).isInstanceOfAny(Number.class, Boolean.class);
    double d = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
    return d * field.export().scale();
  }

  private static double served(Metric scalar) {
    assertThat(sample.number(scalar)).as(scalar.key()).isNotNull();
    return sample.number(scalar) * scalar.export().scale();
  }

  /** node_exporter's series of one family by the value of one label. */
  private static Map<String, Double> byLabel(String name, String label) {
    Map<String, Double> out = new TreeMap<>();
    for (Series s : all(name)) {
      out.put(s.labels().get(label), s.value());
    }
    assertThat(out).as(name).isNotEmpty();
    return out;
  }

  private static Map<String, Metrics.Row> rows(RecordList list) {
    Map<String, Metrics.Row> out = new TreeMap<>();
    for (Metrics.Row r : sample.rows(list)) {
      out.put(r.id(), r);
    }
    return out;
  }

  @Test
  void interfaceErrorsDropsAndPacketsAreNodeExportersNetdevCounters() {
    Map<String, Metrics.Row> ours = rows(RecordList.INTERFACES);
    Map<String, Metric> families =
        Map.of(
            "node_network_receive_packets_total", NetworkMetric.INTERFACE_PACKETS_RECV,
            "node_network_transmit_packets_total", NetworkMetric.INTERFACE_PACKETS_SENT,
            "node_network_receive_errs_total", NetworkMetric.INTERFACE_ERRIN,
            "node_network_transmit_errs_total", NetworkMetric.INTERFACE_ERROUT,
            "node_network_receive_drop_total", NetworkMetric.INTERFACE_DROPIN,
            "node_network_transmit_drop_total", NetworkMetric.INTERFACE_DROPOUT);
    families.forEach(
        (family, field) -> {
          Map<String, Double> ne = byLabel(family, "device");
          assertThat(ne.keySet()).isEqualTo(ours.keySet());
          ne.forEach((dev, v) -> assertThat(served(ours.get(dev), field)).as(family).isEqualTo(v));
        });
    assertThat(byLabel("node_network_transmit_drop_total", "device"))
        .containsEntry("flannel.1", 64.0);
  }

  @Test
  void cpuModesAreNodeExportersPerCpuSecondsSummedOverCpus() {
    Map<String, Double> sums = new TreeMap<>();
    for (Series s : all("node_cpu_seconds_total")) {
      sums.merge(s.labels().get("mode"), s.value(), Double::sum);
    }
    Map<String, Metrics.Row> ours = rows(RecordList.CPU_MODES);
    assertThat(ours.keySet()).isEqualTo(sums.keySet());
    sums.forEach(
        (mode, v) ->
            assertThat(served(ours.get(mode), CpuMetric.CPU_MODE_SECONDS))
                .as(mode)
                .isCloseTo(v, within(1e-6)));
    long cpus =
        all("node_cpu_seconds_total").stream()
            .filter(s -> s.labels().get("mode").equals("idle"))
            .count();
    assertThat(cpus).isEqualTo(8);
    assertThat(sample.integer(CpuMetric.CPU_COUNT)).isEqualTo(cpus);
  }

  @Test
  void procStatCountersAreNodeExportersStatCollector() {
    assertThat(served(SystemMetric.PROCS_RUNNING)).isEqualTo(value("node_procs_running"));
    assertThat(served(SystemMetric.PROCS_BLOCKED)).isEqualTo(value("node_procs_blocked"));
    assertThat(served(SystemMetric.CONTEXT_SWITCHES))
        .isEqualTo(value("node_context_switches_total"));
    assertThat(served(SystemMetric.INTERRUPTS)).isEqualTo(value("node_intr_total"));
    assertThat(served(SystemMetric.FORKS)).isEqualTo(value("node_forks_total"));
    assertThat(served(SystemMetric.BOOT_TIME)).isEqualTo(value("node_boot_time_seconds"));
  }

  @Test
  void vmstatCounters() {
    for (Metric m :
        List.of(
            MemoryMetric.VMSTAT_PGFAULT,
            MemoryMetric.VMSTAT_PGMAJFAULT,
            MemoryMetric.VMSTAT_PSWPIN,
            MemoryMetric.VMSTAT_PSWPOUT,
            MemoryMetric.VMSTAT_OOM_KILL)) {
      assertThat(served(m)).as(m.key()).isEqualTo(value("node_" + m.key()));
    }
  }

  @Test
  void pressureStallSecondsOfCpuMemoryAndIo() {
    Map<Metric, String> families =
        Map.of(
            SystemMetric.PSI_CPU_SOME_USEC, "node_pressure_cpu_waiting_seconds_total",
            SystemMetric.PSI_MEMORY_SOME_USEC, "node_pressure_memory_waiting_seconds_total",
            SystemMetric.PSI_MEMORY_FULL_USEC, "node_pressure_memory_stalled_seconds_total",
            SystemMetric.PSI_IO_SOME_USEC, "node_pressure_io_waiting_seconds_total",
            SystemMetric.PSI_IO_FULL_USEC, "node_pressure_io_stalled_seconds_total");
    families.forEach(
        (m, family) -> assertThat(served(m)).as(family).isCloseTo(value(family), within(1e-9)));
    assertThat(sample.number(SystemMetric.PSI_IO_SOME_USEC)).isEqualTo(159886802.0);
  }

  @Test
  void diskstatsOfTheDevicesNodeExporterKeepsByDefault() {
    Map<String, Metric> families = new LinkedHashMap<>();
    families.put("node_disk_reads_completed_total", DiskMetric.DEVICE_READS);
    families.put("node_disk_read_bytes_total", DiskMetric.DEVICE_READ_BYTES);
    families.put("node_disk_read_time_seconds_total", DiskMetric.DEVICE_READ_MS);
    families.put("node_disk_writes_completed_total", DiskMetric.DEVICE_WRITES);
    families.put("node_disk_written_bytes_total", DiskMetric.DEVICE_WRITTEN_BYTES);
    families.put("node_disk_write_time_seconds_total", DiskMetric.DEVICE_WRITE_MS);
    families.put("node_disk_io_now", DiskMetric.DEVICE_IO_NOW);
    families.put("node_disk_io_time_seconds_total", DiskMetric.DEVICE_IO_MS);
    families.put("node_disk_io_time_weighted_seconds_total", DiskMetric.DEVICE_IO_WEIGHTED_MS);
    Map<String, Metrics.Row> ours = rows(RecordList.BLOCK_DEVICES);
    // Whole disks and device-mapper volumes; partitions, ram, loop and fd devices left out.
    assertThat(ours.keySet())
        .contains("sda", "dm-0", "nvme0n1", "mmcblk0p1")
        .doesNotContain("sda1");
    families.forEach(
        (family, field) -> {
          Map<String, Double> ne = byLabel(family, "device");
          assertThat(ne.keySet()).as(family).isEqualTo(ours.keySet());
          ne.forEach(
              (dev, v) ->
                  assertThat(served(ours.get(dev), field))
                      .as(family + " " + dev)
                      .isCloseTo(v, within(Math.ulp(v) * 4)));
        });
  }

  @Test
  void mdArraysStateDisksAndBlocks() {
    Map<String, Metrics.Row> ours = rows(RecordList.MD_ARRAYS);
    Map<String, String> states = new TreeMap<>();
    for (Series s : all("node_md_state")) {
      if (s.value() == 1) {
        states.put(s.labels().get("device"), s.labels().get("state"));
      }
    }
    assertThat(ours.keySet()).isEqualTo(byLabel("node_md_blocks", "device").keySet());
    assertThat(states).hasSameSizeAs(ours);
    states.forEach(
        (dev, st) -> assertThat(ours.get(dev).text(DiskMetric.MD_STATE)).as(dev).isEqualTo(st));
    Map<String, Metric> disks =
        Map.of(
            "active", DiskMetric.MD_DISKS_ACTIVE,
            "failed", DiskMetric.MD_DISKS_FAILED,
            "spare", DiskMetric.MD_DISKS_SPARE);
    for (Series s : all("node_md_disks")) {
      Metric field = disks.get(s.labels().get("state"));
      assertThat(served(ours.get(s.labels().get("device")), field))
          .as(s.toString())
          .isEqualTo(s.value());
    }
    Map<String, Metric> gauges =
        Map.of(
            "node_md_disks_required", DiskMetric.MD_DISKS_REQUIRED,
            "node_md_blocks", DiskMetric.MD_BLOCKS,
            "node_md_blocks_synced", DiskMetric.MD_BLOCKS_SYNCED);
    gauges.forEach(
        (family, field) ->
            byLabel(family, "device")
                .forEach(
                    (dev, v) ->
                        assertThat(served(ours.get(dev), field))
                            .as(family + " " + dev)
                            .isEqualTo(v)));
  }

  @Test
  void conntrackEntriesAndLimit() {
    assertThat(served(NetworkMetric.CONNTRACK_ENTRIES))
        .isEqualTo(value("node_nf_conntrack_entries"));
    assertThat(served(NetworkMetric.CONNTRACK_LIMIT))
        .isEqualTo(value("node_nf_conntrack_entries_limit"));
  }

  @Test
  void bondingSlavesAndActiveSlaves() {
    Map<String, Metrics.Row> ours = rows(RecordList.BONDS);
    Map<String, Double> slaves = byLabel("node_bonding_slaves", "master");
    assertThat(ours.keySet()).isEqualTo(slaves.keySet());
    slaves.forEach(
        (m, v) -> assertThat(served(ours.get(m), NetworkMetric.BOND_SLAVES)).isEqualTo(v));
    byLabel("node_bonding_active", "master")
        .forEach((m, v) -> assertThat(served(ours.get(m), NetworkMetric.BOND_ACTIVE)).isEqualTo(v));
  }

  @Test
  void readOnlyFlagOfEveryMeasuredFilesystem() {
    Map<String, Double> ne = new TreeMap<>();
    for (Series s : all("node_filesystem_readonly")) {
      ne.merge(s.labels().get("mountpoint"), s.value(), Math::max);
    }
    for (Metrics.Row d : sample.rows(RecordList.DISKS)) {
      assertThat(served(d, DiskMetric.MOUNT_READONLY)).as(d.id()).isEqualTo(ne.get(d.id()));
    }
    assertThat(ne).containsEntry("/srv/ro", 1.0).containsEntry("/boot", 0.0);
  }
}
