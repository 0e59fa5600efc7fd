package infra.monitoring.common.metric;

import infra.monitoring.common.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the declaration of one {@link Metric}: where its value sits in the record, whether it is a
 * percentage, its default thresholds, how it is exported, and the original's names for it.
 */
final class Declaration {
  private final String key;
  private final Metric.Kind kind;
  private final Metric.Section section;
  private final RecordList list;
  private boolean percent;
  private Thresholds.Level thresholds;
  private Export export;
  private final List<Export.Legacy> legacy = new ArrayList<>();

  private Declaration(String key, Metric.Kind kind, Metric.Section section, RecordList list) {
    this.key = key;
    this.kind = kind;
    this.section = section;
    this.list = list;
  }

  /** A scalar of {@code metrics}. */
  static Declaration top(String key, Metric.Kind kind) {
    return new Declaration(key, kind, Metric.Section.METRICS, null);
  }

  /** A scalar of {@code metrics.collector}. */
  static Declaration collector(String key, Metric.Kind kind) {
    return new Declaration(key, kind, Metric.Section.COLLECTOR, null);
  }

  /** A field of each row of a list. */
  static Declaration in(RecordList list, String key, Metric.Kind kind) {
    return new Declaration(key, kind, list.section(), list);
  }

  String key() {
    return key;
  }

  Metric.Kind kind() {
    return kind;
  }

  Metric.Section section() {
    return section;
  }

  RecordList list() {
    return list;
  }

  boolean isPercent() {
    return percent;
  }

  Thresholds.Level thresholds() {
    return thresholds;
  }

  Export export() {
    return export;
  }

  List<Export.Legacy> legacy() {
    return List.copyOf(legacy);
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

  /** A default warning level only: no default critical. */
  Declaration warning(double warning) {
    thresholds = new Thresholds.Level(warning, null);
    return this;
  }

  /**
   * A text field of a list served as one 0/1 gauge series per value it can take, labelled {@code
   * label} (see {@link Export#states()}).
   */
  Declaration states(String family, String help, String label, String... values) {
    if (kind != Metric.Kind.TEXT || list == null) {
      throw new IllegalArgumentException(key + ": states are for a text field of a list");
    }
    export = Export.states(family, help, label, List.of(values));
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
