package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.collector;
import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/**
 * The sample itself: its time, the collector's own cost, and the outcome of every source as a row
 * of {@code collector.sources}.
 */
public enum CollectorMetric implements Metric {
  TIMESTAMP(top("timestamp", Kind.NUMBER)),
  COLLECTOR_CPU_SECONDS(
      collector("cpu_seconds", Kind.NUMBER)
          .counter(
              "monitoring_collector_cpu_seconds",
              "seconds",
              "CPU time used by the collector process since it started, in seconds.")),
  COLLECTOR_RSS_BYTES(
      collector("rss_bytes", Kind.INTEGER)
          .gauge(
              "monitoring_collector_resident_memory_bytes",
              "bytes",
              "Resident memory of the collector process in bytes.")),
  COLLECTOR_SAMPLE_SECONDS(
      collector("sample_seconds", Kind.NUMBER)
          .gauge(
              "monitoring_collector_sample_duration_seconds",
              "seconds",
              "Wall time the collector spent taking the served sample, in seconds.")),
  SOURCE_OK(
      in(RecordList.SOURCES, "ok", Kind.BOOLEAN)
          .gauge(
              "monitoring_collector_source_success",
              null,
              "1 when a collector source succeeded in the served sample, 0 when it failed.")),
  SOURCE_SECONDS(
      in(RecordList.SOURCES, "seconds", Kind.NUMBER)
          .gauge(
              "monitoring_collector_source_duration_seconds",
              "seconds",
              "Time a collector source took in the served sample, in seconds."));

  private final Declaration declaration;

  CollectorMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
