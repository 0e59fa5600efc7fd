package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One metric family built from a feed record: its name, type, base unit, HELP text, label names,
 * where in the record it comes from, and how its samples are read from a record.
 *
 * @param name Prometheus name (for counters without {@code _total})
 * @param unit base unit the name ends with, or null
 * @param source where in the record the values come from ({@code metrics.load_1}, {@code
 *     disks[].used_bytes}), for the docs
 */
record Family(
    String name,
    FamilyType type,
    String unit,
    String help,
    List<String> labelNames,
    String source,
    Extractor extractor) {

  /** One sample: label values in the family's label order, and the value. */
  record Sample(List<String> labelValues, double value) {}

  /** Collects the samples of one family from a record. */
  interface Extractor extends BiConsumer<FeedRecord, SampleSink> {}

  /** Receives samples; a later sample with the same label values as an earlier one is dropped. */
  static final class SampleSink {
    private final Map<List<String>, Sample> samples = new LinkedHashMap<>();

    /** Adds a sample; a null or non-finite value adds nothing (the series is absent). */
    void add(Double value, String... labelValues) {
      if (value == null || !Double.isFinite(value)) {
        return;
      }
      List<String> key = List.of(labelValues);
      samples.putIfAbsent(key, new Sample(key, value));
    }

    List<Sample> samples() {
      return new ArrayList<>(samples.values());
    }
  }

  /** The samples of this family in the record, de-duplicated by label values. */
  List<Sample> samples(FeedRecord r) {
    SampleSink sink = new SampleSink();
    extractor.accept(r, sink);
    return sink.samples();
  }

  /** The name a sample line starts with. */
  String sampleName() {
    return type == FamilyType.COUNTER ? name + "_total" : name;
  }
}
