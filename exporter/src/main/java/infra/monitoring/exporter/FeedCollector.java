package infra.monitoring.exporter;

import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metric;
import infra.monitoring.exporter.RecordFamilies.Family;
import infra.monitoring.exporter.RecordFamilies.Sample;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Serves the feed's newest record, and the exporter's own feed metrics, at scrape time. The
 * record's snapshots are built once per new record and reused by every scrape until the next one,
 * so a scrape only adds the few values that change with time (record age, counters). A disk,
 * interface or target missing from the new record is missing from the next scrape.
 */
final class FeedCollector implements MultiCollector {

  private record Cached(FeedRecord record, List<MetricSnapshot> snapshots) {}

  private final FeedReader reader;
  private final boolean legacyNames;
  private final DoubleSupplier epochNow;
  private final List<Family> families;
  private volatile Cached cached = new Cached(null, List.of());

  /**
   * @param epochNow the current time in Unix seconds (the record age is measured against it)
   */
  FeedCollector(FeedReader reader, boolean legacyNames, DoubleSupplier epochNow) {
    this.reader = reader;
    this.legacyNames = legacyNames;
    this.epochNow = epochNow;
    List<Family> all = new ArrayList<>(RecordFamilies.ALL);
    if (legacyNames) {
      all.addAll(LegacyNames.RECORD);
    }
    this.families = List.copyOf(all);
  }

  @Override
  public MetricSnapshots collect() {
    reader.maybeRefresh();
    FeedReader.State state = reader.state();
    FeedRecord record = state.record();
    List<MetricSnapshot> out = new ArrayList<>(64);
    if (record != null) {
      out.addAll(snapshotsOf(record));
    }
    out.add(
        counter(
            "monitoring_exporter_feed_reads",
            "Reads of the feed's tail (one each time the newest feed file changed).",
            reader.reads()));
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder()
            .name("monitoring_exporter_parse_errors")
            .help(
                "Feed lines skipped because they are not a record, by reason (each line counted"
                    + " once).");
    for (Reason r : Reason.values()) {
      errors.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of("reason", r.label()))
              .value(reader.errors(r))
              .build());
    }
    out.add(errors.build());
    Double sampled = record == null ? null : record.epochSeconds();
    if (sampled != null) {
      out.add(
          gauge(
              "monitoring_exporter_record_age_seconds",
              "seconds",
              "Age of the served record: now minus its sample time, in seconds.",
              epochNow.getAsDouble() - sampled));
    }
    out.add(
        gauge(
            "monitoring_exporter_record_available",
            null,
            "1 when a valid record is served, 0 when there is none.",
            record == null ? 0 : 1));
    if (legacyNames) {
      addLegacyProcess(out, record);
    }
    return new MetricSnapshots(out);
  }

  private List<MetricSnapshot> snapshotsOf(FeedRecord record) {
    Cached c = cached;
    if (c.record() == record) {
      return c.snapshots();
    }
    List<MetricSnapshot> list = toSnapshots(families, record);
    cached = new Cached(record, list);
    return list;
  }

  /** The snapshots of these families for one record; families without samples are left out. */
  static List<MetricSnapshot> toSnapshots(List<Family> families, FeedRecord record) {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (Family f : families) {
      List<Sample> samples = f.samples(record);
      if (samples.isEmpty()) {
        continue;
      }
      Unit unit = f.unit() == null ? null : new Unit(f.unit());
      switch (f.type()) {
        case GAUGE -> {
          GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
          if (unit != null) {
            b.unit(unit);
          }
          for (Sample s : samples) {
            b.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of(f.labelNames(), s.labelValues()))
                    .value(s.value())
                    .build());
          }
          out.add(b.build());
        }
        case COUNTER -> {
          CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name()).help(f.help());
          if (unit != null) {
            b.unit(unit);
          }
          for (Sample s : samples) {
            b.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of(f.labelNames(), s.labelValues()))
                    .value(s.value())
                    .build());
          }
          out.add(b.build());
        }
        case STATESET -> {
          StateSetDataPointSnapshot.Builder p = StateSetDataPointSnapshot.builder();
          for (Sample s : samples) {
            p.state(s.labelValues().get(0), s.value() != 0);
          }
          out.add(
              StateSetSnapshot.builder()
                  .name(f.name())
                  .help(f.help())
                  .dataPoint(p.build())
                  .build());
        }
      }
    }
    return out;
  }

  private static void addLegacyProcess(List<MetricSnapshot> out, FeedRecord record) {
    LegacyNames.ProcessValues p = LegacyNames.process();
    if (p.rssBytes() != null) {
      out.add(
          gauge(
              "process_memory_rss_bytes",
              null,
              "Legacy name from the Python original; use process_resident_memory_bytes.",
              p.rssBytes()));
      Double total = record == null ? null : record.metrics().number(Metric.MEMORY_TOTAL_BYTES);
      if (total != null && total > 0) {
        out.add(
            gauge(
                "process_memory_percent",
                null,
                "Legacy name from the Python original: resident memory of this process, percent"
                    + " of the host's memory.",
                100.0 * p.rssBytes() / total));
      }
    }
    out.add(
        gauge(
            "process_num_threads",
            null,
            "Legacy name from the Python original: threads of this process.",
            p.threads()));
    if (p.fds() != null) {
      out.add(
          gauge(
              "process_num_fds",
              null,
              "Legacy name from the Python original; use process_open_fds.",
              p.fds()));
    }
    out.add(
        gauge(
            "process_uptime_seconds",
            null,
            "Legacy name from the Python original; use time() - process_start_time_seconds.",
            p.uptimeSeconds()));
  }

  private static GaugeSnapshot gauge(String name, String unit, String help, double value) {
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
    if (unit != null) {
      b.unit(new Unit(unit));
    }
    return b.dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
  }

  private static CounterSnapshot counter(String name, String help, double value) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
