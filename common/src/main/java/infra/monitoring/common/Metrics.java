package infra.monitoring.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code metrics} object of a feed record: every {@link Metric} scalar (null when unavailable,
 * never omitted), then the {@code disks}, {@code interfaces} and {@code probes} lists and the
 * {@code collector} block. Mutable so that each source can fill its own part; not thread-safe.
 */
public final class Metrics {

  /** One real filesystem. */
  public record Disk(String mount, Long usedBytes, Long totalBytes, Double percent) {}

  /** One network interface's cumulative counters. */
  public record NetInterface(String name, Long bytesSent, Long bytesRecv) {}

  /**
   * One probe target's results: ICMP round trip and loss (or a TCP connect time when ICMP is not
   * available, then {@code method} is {@code tcp}), and the TCP connect time.
   */
  public record Probe(
      String target, Double pingMs, Double lossPercent, Double latencyMs, String method) {}

  /** Success and duration of one source in the sample that produced this record. */
  public record SourceStatus(String name, boolean ok, double seconds) {}

  /** The collector's own cost: CPU seconds used since start, resident memory, sample duration. */
  public record CollectorStats(
      Double cpuSeconds, Long rssBytes, Double sampleSeconds, List<SourceStatus> sources) {
    public CollectorStats {
      sources = sources == null ? List.of() : List.copyOf(sources);
    }
  }

  private final EnumMap<Metric, Object> values = new EnumMap<>(Metric.class);
  private List<Disk> disks = new ArrayList<>();
  private List<NetInterface> interfaces = new ArrayList<>();
  private List<Probe> probes = new ArrayList<>();
  private CollectorStats collector;

  /**
   * Sets a scalar. The value must match the metric's kind: a finite {@link Double} for NUMBER (a
   * non-finite one is stored as null), a {@link Long} for INTEGER, a {@link String} for TEXT, a
   * {@link Boolean} for BOOLEAN; null clears it.
   */
  public Metrics put(Metric metric, Object value) {
    Objects.requireNonNull(metric, "metric");
    if (value == null) {
      values.remove(metric);
      return this;
    }
    switch (metric.kind()) {
      case NUMBER -> {
        if (!(value instanceof Number n)) {
          throw new IllegalArgumentException(metric.key() + " takes a number, got " + value);
        }
        double d = n.doubleValue();
        if (Double.isFinite(d)) {
          values.put(metric, d);
        } else {
          values.remove(metric);
        }
      }
      case INTEGER -> {
        if (!(value instanceof Long || value instanceof Integer)) {
          throw new IllegalArgumentException(metric.key() + " takes an integer, got " + value);
        }
        values.put(metric, ((Number) value).longValue());
      }
      case TEXT -> {
        if (!(value instanceof String)) {
          throw new IllegalArgumentException(metric.key() + " takes a string, got " + value);
        }
        values.put(metric, value);
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean)) {
          throw new IllegalArgumentException(metric.key() + " takes a boolean, got " + value);
        }
        values.put(metric, value);
      }
    }
    return this;
  }

  /** The raw value, or null. */
  public Object get(Metric metric) {
    return values.get(metric);
  }

  /** A numeric value as a double (NUMBER or INTEGER kinds), or null. */
  public Double number(Metric metric) {
    Object v = values.get(metric);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  /** An INTEGER value, or null. */
  public Long integer(Metric metric) {
    Object v = values.get(metric);
    return v instanceof Long l ? l : null;
  }

  public String text(Metric metric) {
    Object v = values.get(metric);
    return v instanceof String s ? s : null;
  }

  public Boolean bool(Metric metric) {
    Object v = values.get(metric);
    return v instanceof Boolean b ? b : null;
  }

  /** Copies every value set in {@code other} into this object (lists and block only when set). */
  public Metrics merge(Metrics other) {
    values.putAll(other.values);
    if (!other.disks.isEmpty()) {
      disks = new ArrayList<>(other.disks);
    }
    if (!other.interfaces.isEmpty()) {
      interfaces = new ArrayList<>(other.interfaces);
    }
    if (!other.probes.isEmpty()) {
      probes = new ArrayList<>(other.probes);
    }
    if (other.collector != null) {
      collector = other.collector;
    }
    return this;
  }

  public List<Disk> disks() {
    return Collections.unmodifiableList(disks);
  }

  public Metrics disks(List<Disk> disks) {
    this.disks = new ArrayList<>(disks);
    return this;
  }

  public List<NetInterface> interfaces() {
    return Collections.unmodifiableList(interfaces);
  }

  public Metrics interfaces(List<NetInterface> interfaces) {
    this.interfaces = new ArrayList<>(interfaces);
    return this;
  }

  public List<Probe> probes() {
    return Collections.unmodifiableList(probes);
  }

  public Metrics probes(List<Probe> probes) {
    this.probes = new ArrayList<>(probes);
    return this;
  }

  public CollectorStats collector() {
    return collector;
  }

  public Metrics collector(CollectorStats collector) {
    this.collector = collector;
    return this;
  }

  /** A copy of the scalars as a map in key order (absent keys left out). */
  public Map<Metric, Object> scalars() {
    return Collections.unmodifiableMap(new EnumMap<>(values));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metrics m
        && values.equals(m.values)
        && disks.equals(m.disks)
        && interfaces.equals(m.interfaces)
        && probes.equals(m.probes)
        && Objects.equals(collector, m.collector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, disks, interfaces, probes, collector);
  }

  @Override
  public String toString() {
    return "Metrics"
        + values
        + " disks="
        + disks
        + " interfaces="
        + interfaces
        + " probes="
        + probes
        + " "
        + collector;
  }
}
