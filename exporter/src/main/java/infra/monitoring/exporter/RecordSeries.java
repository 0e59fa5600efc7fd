package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.exporter.gapfill.SeriesSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The series {@code /metrics} serves from a record, for the gap fill: the same family list as
 * {@link FeedCollector} (legacy names included when they are served), each sample under the name a
 * scrape stores ({@link Family#sampleName()}: {@code _total} on counters; a stateset gives one
 * series per state, labelled with the family's name).
 */
final class RecordSeries implements SeriesSource {
  private final List<Family> families;

  private RecordSeries(List<Family> families) {
    this.families = families;
  }

  static RecordSeries of(boolean legacyNames) {
    List<Family> all = new ArrayList<>(RecordFamilies.ALL);
    if (legacyNames) {
      all.addAll(RecordFamilies.LEGACY);
    }
    return new RecordSeries(List.copyOf(all));
  }

  @Override
  public void samples(FeedRecord record, Sink sink) {
    for (Family f : families) {
      String name = f.sampleName();
      for (Family.Sample s : f.samples(record)) {
        sink.sample(name, f.labelNames(), s.labelValues(), s.value());
      }
    }
  }
}
