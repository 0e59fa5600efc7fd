package infra.monitoring.exporter.gapfill;

import infra.monitoring.common.FeedRecord;
import java.util.List;

/**
 * The series a scrape of one record gives: sample name (a counter's with {@code _total}), label
 * names and values, value. The exporter implements it from the same family list that serves {@code
 * /metrics}, so the gap fill cannot push a series a scrape would not have.
 */
public interface SeriesSource {

  /** Receives one sample of a record. */
  interface Sink {
    void sample(String name, List<String> labelNames, List<String> labelValues, double value);
  }

  void samples(FeedRecord record, Sink sink);
}
