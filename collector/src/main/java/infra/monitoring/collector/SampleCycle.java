package infra.monitoring.collector;

import infra.monitoring.collector.feed.FeedWriter;
import infra.monitoring.collector.pipeline.Enricher;
import infra.monitoring.collector.pipeline.RecordObserver;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Summaries;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sample, start to finish: sample the sources, stamp the time, run the enrichers, evaluate the
 * thresholds, let the observers add their fields, assemble the record and write it, then print the
 * summary for {@code -v}. An enricher or observer that throws is logged (once per kind of error)
 * and skipped; the record is still written.
 */
final class SampleCycle {
  private static final Logger LOG = LoggerFactory.getLogger(SampleCycle.class);

  private final Supplier<Metrics> sampler;
  private final List<Enricher> enrichers;
  private final Thresholds thresholds;
  private final List<RecordObserver> observers;
  private final String host;
  private final FeedWriter writer;
  private final Clock clock;
  private final VerboseOutput verbose;
  private final Set<String> reported = new HashSet<>();

  SampleCycle(
      Supplier<Metrics> sampler,
      List<Enricher> enrichers,
      Thresholds thresholds,
      List<RecordObserver> observers,
      String host,
      FeedWriter writer,
      Clock clock,
      VerboseOutput verbose) {
    this.sampler = sampler;
    this.enrichers = List.copyOf(enrichers);
    this.thresholds = thresholds;
    this.observers = List.copyOf(observers);
    this.host = host;
    this.writer = writer;
    this.clock = clock;
    this.verbose = verbose;
  }

  /**
   * Takes and writes one sample.
   *
   * @return the record written (or attempted)
   */
  FeedRecord run() {
    Instant sampled = clock.instant();
    Metrics metrics = sampler.get();
    metrics.put(CollectorMetric.TIMESTAMP, Timestamps.epochSeconds(sampled));
    for (Enricher e : enrichers) {
      try {
        e.enrich(sampled, metrics);
      } catch (RuntimeException ex) {
        reportOnce("enricher " + e.getClass().getSimpleName(), ex);
      }
    }
    Thresholds.Evaluation evaluation = thresholds.evaluate(metrics);
    Map<String, Object> extra = new LinkedHashMap<>();
    for (RecordObserver o : observers) {
      try {
        o.observe(sampled, metrics, evaluation, extra);
      } catch (RuntimeException ex) {
        reportOnce("observer " + o.getClass().getSimpleName(), ex);
      }
    }
    FeedRecord record =
        new FeedRecord(
            Timestamps.iso(clock.instant()),
            "INFO",
            Summaries.shortLine(metrics),
            evaluation.state().name(),
            Timestamps.iso(sampled),
            metrics,
            host,
            evaluation.alerts(),
            extra);
    writer.write(record, sampled);
    verbose.print(record);
    return record;
  }

  private void reportOnce(String who, RuntimeException ex) {
    if (reported.add(who + ": " + ex)) {
      LOG.error("{} failed (skipped for this sample): {}", who, ex.toString(), ex);
    } else {
      LOG.debug("{} failed again: {}", who, ex.toString());
    }
  }
}
