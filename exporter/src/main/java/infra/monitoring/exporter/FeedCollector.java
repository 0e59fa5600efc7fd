package infra.monitoring.exporter;

import infra.monitoring.common.FeedFormatException.Reason;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.metric.MemoryMetric;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Serves the feed's newest record, and the exporter's own feed metrics, at scrape time. A record
 * that is not fresh ({@link Freshness}: older than the staleness limit, or dated in the future) is
 * not served as host data: only {@code monitoring_host_info} (which host it was) and the exporter's
 * own series remain, {@code monitoring_exporter_record_status} says why, and the host's alerts
 * resolve instead of evaluating frozen values. Everything but the record's age changes only when
 * the record, its freshness or the counters change, so it is built once then and the same snapshots
 * serve every scrape until the next change; the age is a separate one-gauge collector. A disk,
 * interface or target missing from the new record is missing from the next scrape.
 */
final class FeedCollector implements MultiCollector {
  private static final Reason[] REASONS = Reason.values();
  private static final Labels[] REASON_LABELS = new Labels[REASONS.length];
  static final String STATUS = "monitoring_exporter_record_status";

  static {
    for (Reason r : REASONS) {
      REASON_LABELS[r.ordinal()] = Labels.of("reason", r.label());
    }
  }

  private record Cached(
      FeedRecord record,
      Freshness.Status status,
      long reads,
      long[] errors,
      MetricSnapshots snapshots) {}

  private final FeedReader reader;
  private final List<Family> families;
  private final double staleAfterSec;
  private final DoubleSupplier epochNow;
  private volatile Cached cached;

  FeedCollector(
      FeedReader reader, boolean legacyNames, double staleAfterSec, DoubleSupplier epochNow) {
    this.reader = reader;
    List<Family> all = new ArrayList<>(RecordFamilies.ALL);
    if (legacyNames) {
      all.addAll(RecordFamilies.LEGACY);
    }
    this.families = List.copyOf(all);
    this.staleAfterSec = staleAfterSec;
    this.epochNow = epochNow;
  }

  /**
   * Registers everything the exporter serves about the feed: this collector (host series while the
   * record is fresh by {@code staleAfterSec}), the record's age (measured against {@code epochNow},
   * Unix seconds) and, with legacy names, the original's {@code process_*} names (collected at most
   * once a second).
   */
  static void register(
      PrometheusRegistry registry,
      FeedReader reader,
      boolean legacyNames,
      double staleAfterSec,
      DoubleSupplier epochNow) {
    registry.register(new FeedCollector(reader, legacyNames, staleAfterSec, epochNow));
    registry.register(
        (Collector)
            () -> {
              reader.maybeRefresh();
              FeedRecord r = reader.state().record();
              Double sampled = r == null ? null : r.epochSeconds();
              GaugeSnapshot.Builder b =
                  GaugeSnapshot.builder()
                      .name("monitoring_exporter_record_age_seconds")
                      .help("Age of the served record: now minus its sample time, in seconds.")
                      .unit(Unit.SECONDS);
              if (sampled != null) {
                b.dataPoint(
                    GaugeDataPointSnapshot.builder()
                        .value(epochNow.getAsDouble() - sampled)
                        .build());
              }
              return b.build();
            });
    if (legacyNames) {
      PrometheusRegistry legacy = new PrometheusRegistry();
      legacy.register(
          (MultiCollector)
              () -> {
                List<MetricSnapshot> out = new ArrayList<>();
                addLegacyProcess(out, reader.state().record());
                return new MetricSnapshots(out);
              });
      registry.register(new CachedCollector(legacy, 1_000_000_000L, System::nanoTime));
    }
  }

  @Override
  public MetricSnapshots collect() {
    reader.maybeRefresh();
    FeedRecord record = reader.state().record();
    Freshness.Status status = Freshness.of(record, epochNow.getAsDouble(), staleAfterSec).status();
    long reads = reader.reads();
    long[] errors = new long[REASONS.length];
    for (Reason r : REASONS) {
      errors[r.ordinal()] = reader.errors(r);
    }
    Cached c = cached;
    if (c != null
        && c.record() == record
        && c.status() == status
        && c.reads() == reads
        && Arrays.equals(c.errors(), errors)) {
      return c.snapshots();
    }
    List<MetricSnapshot> out = new ArrayList<>(64);
    if (record != null) {
      out.addAll(
          toSnapshots(status == Freshness.Status.OK ? families : RecordFamilies.IDENTITY, record));
    }
    out.add(
        counter(
            "monitoring_exporter_feed_reads",
            "Reads of the feed's tail (one each time the newest feed file changed).",
            reads));
    CounterSnapshot.Builder errs =
        CounterSnapshot.builder()
            .name("monitoring_exporter_parse_errors")
            .help(
                "Feed lines skipped because they are not a record, by reason (each line counted"
                    + " once; not_regular_file counts entries named like a feed file that are not"
                    + " regular files, never opened).");
    for (Reason r : REASONS) {
      errs.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(REASON_LABELS[r.ordinal()])
              .value(errors[r.ordinal()])
              .build());
    }
    out.add(errs.build());
    out.add(
        gauge(
            "monitoring_exporter_record_available",
            null,
            "1 when a valid record is served, 0 when there is none.",
            record == null ? 0 : 1));
    StateSetDataPointSnapshot.Builder states = StateSetDataPointSnapshot.builder();
    for (Freshness.Status s : Freshness.Status.values()) {
      states.state(s.label(), s == status);
    }
    out.add(
        StateSetSnapshot.builder()
            .name(STATUS)
            .help(
                "The served record: ok (fresh: served as host series), stale (older than the"
                    + " staleness limit), clock_skew (dated in the future) or no_data; only ok"
                    + " serves host series.")
            .dataPoint(states.build())
            .build());
    MetricSnapshots snapshots = new MetricSnapshots(out);
    cached = new Cached(record, status, reads, errors, snapshots);
    return snapshots;
  }

  /** The snapshots of these families for one record; families without samples are left out. */
  static List<MetricSnapshot> toSnapshots(List<Family> families, FeedRecord record) {
    List<MetricSnapshot> out = new ArrayList<>(families.size());
    for (Family f : families) {
      List<Family.Sample> samples = f.samples(record);
      if (!samples.isEmpty()) {
        out.add(f.type().snapshot(f, samples));
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
      Double total =
          record == null ? null : record.metrics().number(MemoryMetric.MEMORY_TOTAL_BYTES);
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
