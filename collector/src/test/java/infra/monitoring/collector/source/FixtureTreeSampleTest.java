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
      // adjtimex reads this machine's kernel clock, whatever the fixture: checked apart.
      assertThat(got.remove(SystemMetric.TIMEX_SYNC)).isInstanceOf(Boolean.class);
      assertThat((Double) got.remove(SystemMetric.TIMEX_MAXERROR_SECONDS)).isNotNegative();
      assertThat(got.remove(SystemMetric.TIMEX_OFFSET_SECONDS)).isInstanceOf(Double.class);
      Map<Metric, Object> expected = new LinkedHashMap<>();
      expected.put(CpuMetric.CPU_FREQ_GHZ, 2.59614); // cpu MHz of the fixture cpuinfo (no cpufreq)
      expected.put(CpuMetric.CPU_COUNT, 2L);
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
      expected.put(SystemMetric.FILEFD_USED_PERCENT, 0.06); // 1024 of 1631329
      expected.put(SystemMetric.LOAD_PER_CPU, 0.615); // 1.23 on 2 CPUs
      expected.put(SystemMetric.PROCS_RUNNING, 5L);
      expected.put(SystemMetric.PROCS_BLOCKED, 0L);
      expected.put(SystemMetric.CONTEXT_SWITCHES, 579255L);
      expected.put(SystemMetric.INTERRUPTS, 226764L);
      expected.put(SystemMetric.FORKS, 8655L);
      expected.put(SystemMetric.BOOT_TIME, 1795475226L);
      expected.put(SystemMetric.PSI_CPU_SOME_USEC, 8122435051L);
      expected.put(SystemMetric.PSI_MEMORY_SOME_USEC, 0L);
      expected.put(SystemMetric.PSI_MEMORY_FULL_USEC, 0L);
      expected.put(SystemMetric.PSI_IO_SOME_USEC, 172030687L);
      expected.put(SystemMetric.PSI_IO_FULL_USEC, 10498917L);
      expected.put(MemoryMetric.VMSTAT_PGFAULT, 124669656L);
      expected.put(MemoryMetric.VMSTAT_PGMAJFAULT, 8438L);
      expected.put(MemoryMetric.VMSTAT_PSWPIN, 0L);
      expected.put(MemoryMetric.VMSTAT_PSWPOUT, 0L);
      expected.put(MemoryMetric.VMSTAT_OOM_KILL, 0L);
      expected.put(NetworkMetric.CONNTRACK_ENTRIES, 278L);
      expected.put(NetworkMetric.CONNTRACK_LIMIT, 262144L);
      expected.put(NetworkMetric.CONNTRACK_USED_PERCENT, 0.11);
      expected.put(MemoryMetric.SWAP_USED_BYTES, (2097148L - 1572860L) * 1024);
      expected.put(MemoryMetric.SWAP_TOTAL_BYTES, 2097148L * 1024);
      assertThat(got).isEqualTo(expected);
      assertThat(m.rows(RecordList.DISKS))
          .extracting(Metrics.Row::id)
          .containsExactly("/", "/data");
      // Space from the disk source, inodes of this machine's filesystem from the inode source.
      assertThat(m.rows(RecordList.DISKS))
          .allMatch(d -> Boolean.FALSE.equals(d.bool(DiskMetric.MOUNT_READONLY)))
          .allMatch(d -> d.integer(DiskMetric.MOUNT_AVAIL_BYTES) != null)
          .allMatch(d -> d.integer(DiskMetric.MOUNT_FILES) != null)
          .allMatch(d -> d.integer(DiskMetric.MOUNT_FILES_FREE) != null);
      assertThat(m.integer(DiskMetric.DISK_TOTAL_BYTES))
          .isEqualTo(m.rows(RecordList.DISKS).get(0).integer(DiskMetric.MOUNT_TOTAL_BYTES));
      assertThat(m.rows(RecordList.INTERFACES))
          .containsExactly(
              netdev("lo", 500000L, 500000L, 4000L, 4000L),
              netdev("eth0", 396360L, 158889954L, 3369L, 104563L),
              netdev("wlan0", 4000000L, 9000000L, 3000L, 7000L));
      assertThat(m.rows(RecordList.PROBES)).isEmpty();
      assertThat(m.rows(RecordList.CPU_MODES))
          .containsExactly(
              mode("user", 97.95),
              mode("nice", 0.0),
              mode("system", 29.22),
              mode("idle", 1418.94),
              mode("iowait", 2.82),
              mode("irq", 0.0),
              mode("softirq", 0.46),
              mode("steal", 0.16));
      // vda1, vdb1 (partitions) and loop0 are left out, as node_exporter does by default.
      assertThat(m.rows(RecordList.BLOCK_DEVICES))
          .containsExactly(
              device("vda", 312172, 9578178, 183412, 615868, 60776544, 899186, 0, 304560, 1316508),
              device("vdb", 2210, 98304, 1520, 804, 65536, 2210, 1, 4100, 3730));
      assertThat(m.rows(RecordList.MD_ARRAYS))
          .containsExactly(
              new Metrics.Row("md0")
                  .put(DiskMetric.MD_STATE, "active")
                  .put(DiskMetric.MD_DISKS_REQUIRED, 2L)
                  .put(DiskMetric.MD_DISKS_ACTIVE, 1L)
                  .put(DiskMetric.MD_DISKS_FAILED, 1L)
                  .put(DiskMetric.MD_DISKS_SPARE, 0L)
                  .put(DiskMetric.MD_BLOCKS, 1046528L)
                  .put(DiskMetric.MD_BLOCKS_SYNCED, 1046528L));
      assertThat(m.rows(RecordList.BONDS))
          .containsExactly(
              new Metrics.Row("bond0")
                  .put(NetworkMetric.BOND_SLAVES, 2L)
                  .put(NetworkMetric.BOND_ACTIVE, 1L));
      assertThat(m.rows(RecordList.SOURCES))
          .extracting(Metrics.Row::id)
          .isEqualTo(
              List.of(
                  "cpu",
                  "memory",
                  "disk",
                  "network",
                  "temperature",
                  "filefd",
                  "stat",
                  "vmstat",
                  "pressure",
                  "diskstats",
                  "inodes",
                  "mdstat",
                  "conntrack",
                  "bonding",
                  "timex",
                  "probes",
                  "self"));
      assertThat(m.rows(RecordList.SOURCES)).allMatch(r -> r.bool(CollectorMetric.SOURCE_OK));
    }
  }

  private static Metrics.Row netdev(String name, long sent, long recv, long pSent, long pRecv) {
    return new Metrics.Row(name)
        .put(NetworkMetric.INTERFACE_BYTES_SENT, sent)
        .put(NetworkMetric.INTERFACE_BYTES_RECV, recv)
        .put(NetworkMetric.INTERFACE_PACKETS_SENT, pSent)
        .put(NetworkMetric.INTERFACE_PACKETS_RECV, pRecv)
        .put(NetworkMetric.INTERFACE_ERRIN, 0L)
        .put(NetworkMetric.INTERFACE_ERROUT, 0L)
        .put(NetworkMetric.INTERFACE_DROPIN, 0L)
        .put(NetworkMetric.INTERFACE_DROPOUT, 0L);
  }

  private static Metrics.Row mode(String mode, double seconds) {
    return new Metrics.Row(mode).put(CpuMetric.CPU_MODE_SECONDS, seconds);
  }

  /** A block device's row from its diskstats columns (sectors, not bytes). */
  private static Metrics.Row device(
      String name,
      long reads,
      long readSectors,
      long readMs,
      long writes,
      long writtenSectors,
      long writeMs,
      long ioNow,
      long ioMs,
      long weightedMs) {
    return new Metrics.Row(name)
        .put(DiskMetric.DEVICE_READS, reads)
        .put(DiskMetric.DEVICE_READ_BYTES, readSectors * 512)
        .put(DiskMetric.DEVICE_READ_MS, readMs)
        .put(DiskMetric.DEVICE_WRITES, writes)
        .put(DiskMetric.DEVICE_WRITTEN_BYTES, writtenSectors * 512)
        .put(DiskMetric.DEVICE_WRITE_MS, writeMs)
        .put(DiskMetric.DEVICE_IO_NOW, ioNow)
        .put(DiskMetric.DEVICE_IO_MS, ioMs)
        .put(DiskMetric.DEVICE_IO_WEIGHTED_MS, weightedMs);
  }
}
