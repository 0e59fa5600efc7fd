package infra.monitoring.exporter.gapfill;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** The gap fill's progress and outcome as metrics; registered only when the gap fill is on. */
final class GapFillMetrics {
  static final String SENT = "sent";
  static final String REJECTED = "rejected";
  static final String TOO_OLD = "too_old";

  private final Counter samples;
  private final Counter retries;
  private final Counter gaps;
  private final Gauge lastStart;
  private final Gauge lastEnd;
  private final Gauge inProgress;

  GapFillMetrics(PrometheusRegistry registry) {
    samples =
        Counter.builder()
            .name("monitoring_gapfill_samples_total")
            .help(
                "Samples of scrape gaps pushed by remote write, by result: sent (confirmed by the"
                    + " receiver), rejected (4xx), too_old (older than the receiver keeps; load"
                    + " them with backfill).")
            .labelNames("result")
            .register(registry);
    for (String r : new String[] {SENT, REJECTED, TOO_OLD}) {
      samples.labelValues(r);
    }
    retries =
        Counter.builder()
            .name("monitoring_gapfill_retries_total")
            .help("Remote-write requests retried after a 5xx, 429 or no answer.")
            .register(registry);
    gaps =
        Counter.builder()
            .name("monitoring_gapfill_gaps_total")
            .help("Scrape gaps detected (each filled once, in order).")
            .register(registry);
    lastStart =
        Gauge.builder()
            .name("monitoring_gapfill_last_gap_start_timestamp_seconds")
            .help("Start of the last gap taken up for filling, Unix time in seconds.")
            .unit(Unit.SECONDS)
            .register(registry);
    lastEnd =
        Gauge.builder()
            .name("monitoring_gapfill_last_gap_end_timestamp_seconds")
            .help("End of the last gap taken up for filling, Unix time in seconds.")
            .unit(Unit.SECONDS)
            .register(registry);
    inProgress =
        Gauge.builder()
            .name("monitoring_gapfill_in_progress")
            .help("1 while a gap is being filled, else 0.")
            .register(registry);
  }

  void detected() {
    gaps.inc();
  }

  void started(Gap g) {
    lastStart.set(g.start());
    lastEnd.set(g.end());
    inProgress.set(1);
  }

  void finished() {
    inProgress.set(0);
  }

  void samples(String result, long n) {
    samples.labelValues(result).inc(n);
  }

  void retried() {
    retries.inc();
  }
}
