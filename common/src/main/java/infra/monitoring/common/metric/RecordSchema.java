package infra.monitoring.common.metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The feed order of the declared values. The scalars the feed already had keep their place (the
 * original's sixteen keys first, in the original's order, then those the port added); every other
 * value follows in the order of {@link #AREAS} and, within an area, of its declarations, so a value
 * added to an area's enum is appended to the record without being listed here.
 */
final class RecordSchema {

  /** The areas, in the order their new values are appended. */
  private static final List<Metric[]> AREAS =
      List.of(
          CpuMetric.values(),
          MemoryMetric.values(),
          DiskMetric.values(),
          NetworkMetric.values(),
          ProbeMetric.values(),
          SensorMetric.values(),
          SystemMetric.values(),
          CollectorMetric.values());

  /** The scalars of {@code metrics} in the order the feed has always written them. */
  private static final List<Metric> FIXED =
      List.of(
          CpuMetric.CPU_PERCENT,
          CpuMetric.CPU_FREQ_GHZ,
          MemoryMetric.MEMORY_PERCENT,
          DiskMetric.DISK_PERCENT,
          MemoryMetric.MEMORY_USED_BYTES,
          MemoryMetric.MEMORY_TOTAL_BYTES,
          NetworkMetric.BYTES_SENT,
          NetworkMetric.BYTES_RECV,
          ProbeMetric.PING_MS,
          ProbeMetric.LATENCY_MS,
          ProbeMetric.LATENCY_METHOD,
          ProbeMetric.LATENCY_ESTIMATED,
          SensorMetric.TEMPERATURE,
          CollectorMetric.TIMESTAMP,
          DiskMetric.DISK_USED_BYTES,
          DiskMetric.DISK_TOTAL_BYTES,
          SystemMetric.LOAD_1,
          SystemMetric.LOAD_5,
          SystemMetric.LOAD_15,
          NetworkMetric.NET_IN_MBPS,
          NetworkMetric.NET_OUT_MBPS,
          MemoryMetric.SWAP_USED_BYTES,
          MemoryMetric.SWAP_TOTAL_BYTES,
          ProbeMetric.PING_LOSS_PERCENT,
          NetworkMetric.NET_TODAY_BYTES,
          NetworkMetric.NET_LEARNED_LIMIT_BYTES);

  static final List<Metric> ALL = order();

  private static final Map<Metric.Section, List<Metric>> BY_SECTION =
      new EnumMap<>(Metric.Section.class);
  private static final Map<RecordList, List<Metric>> BY_LIST = new EnumMap<>(RecordList.class);

  static {
    for (Metric.Section s : Metric.Section.values()) {
      BY_SECTION.put(s, select(s, null));
    }
    for (RecordList l : RecordList.values()) {
      BY_LIST.put(l, select(l.section(), l));
    }
  }

  private RecordSchema() {}

  static List<Metric> of(Metric.Section section, RecordList list) {
    return list != null ? BY_LIST.get(list) : BY_SECTION.get(section);
  }

  private static List<Metric> order() {
    Set<Metric> out = new LinkedHashSet<>(FIXED);
    for (Metric[] area : AREAS) {
      out.addAll(Arrays.asList(area));
    }
    return List.copyOf(out);
  }

  private static List<Metric> select(Metric.Section section, RecordList list) {
    List<Metric> out = new ArrayList<>();
    for (Metric m : ALL) {
      if (m.section() == section && m.list() == list) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }
}
