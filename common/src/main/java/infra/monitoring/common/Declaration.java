package infra.monitoring.common;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the declaration of one {@link Metric}: where its value sits in the record, whether it is a
 * percentage, its default thresholds, how it is exported, and the original's names for it.
 */
final class Declaration {
  final Metric.Section section;
  final RecordList list;
  boolean percent;
  Thresholds.Level thresholds;
  Export export;
  final List<Export.Legacy> legacy = new ArrayList<>();

  private Declaration(Metric.Section section, RecordList list) {
    this.section = section;
    this.list = list;
  }

  /** A scalar of {@code metrics}. */
  static Declaration top() {
    return new Declaration(Metric.Section.METRICS, null);
  }

  /** A scalar of {@code metrics.collector}. */
  static Declaration collector() {
    return new Declaration(Metric.Section.COLLECTOR, null);
  }

  /** A field of each row of a list. */
  static Declaration in(RecordList list) {
    return new Declaration(list.section(), list);
  }

  /** Measured in percent: thresholds must lie within 0..100. */
  Declaration percent() {
    percent = true;
    return this;
  }

  /** The default warning and critical levels that decide the record's state. */
  Declaration thresholds(double warning, double critical) {
    thresholds = new Thresholds.Level(warning, critical);
    return this;
  }

  Declaration gauge(String family, String unit, String help) {
    export = Export.gauge(family, unit, help);
    return this;
  }

  Declaration counter(String family, String unit, String help) {
    export = Export.counter(family, unit, help);
    return this;
  }

  /** Multiplies the record's value into the family's base unit. */
  Declaration scale(double factor) {
    export = export.scale(factor);
    return this;
  }

  /** Adds a label taken from another text field of the same row. */
  Declaration labelFrom(String label, String key, String dflt) {
    export = export.labelFrom(label, key, dflt);
    return this;
  }

  Declaration legacy(String name, String use) {
    legacy.add(new Export.Legacy(name, use));
    return this;
  }
}
