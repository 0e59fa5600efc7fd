package infra.monitoring.common.metric;

import infra.monitoring.common.Thresholds;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A value of the feed record's {@code metrics}, declared once in the enum of its area ({@link
 * CpuMetric}, {@link MemoryMetric}, ...): its JSON key and type, where it sits (a scalar of {@code
 * metrics} or {@code metrics.collector}, or a field of each row of a {@link RecordList}), whether
 * it is a percentage, its default thresholds, how the exporter serves it ({@link Export}) and the
 * original's names for it. The codec, the exporter's families, the backfill, the thresholds and the
 * docs' tables all read these declarations; {@link RecordSchema} puts them in feed order.
 */
public interface Metric {

  /** JSON value type of a key. */
  enum Kind {
    NUMBER,
    INTEGER,
    TEXT,
    BOOLEAN
  }

  /** The JSON object a scalar belongs to: {@code metrics} or {@code metrics.collector}. */
  enum Section {
    METRICS,
    COLLECTOR
  }

  /** The declaration (the enum constant's). */
  Declaration declaration();

  /** The constant's name, for example {@code CPU_PERCENT}. */
  String name();

  /** The JSON key, for example {@code cpu_percent}. */
  default String key() {
    return declaration().key();
  }

  default Kind kind() {
    return declaration().kind();
  }

  default Section section() {
    return declaration().section();
  }

  /** The list whose rows hold this field, or null for a scalar. */
  default RecordList list() {
    return declaration().list();
  }

  /** True for a scalar of the {@code metrics} object itself. */
  default boolean isTopLevel() {
    return list() == null && section() == Section.METRICS;
  }

  /** True for metrics measured in percent, whose thresholds must lie within 0..100. */
  default boolean isPercent() {
    return declaration().isPercent();
  }

  default boolean isNumeric() {
    return kind() == Kind.NUMBER || kind() == Kind.INTEGER;
  }

  /** The default thresholds, or null when the metric has none unless the user sets them. */
  default Thresholds.Level defaultThresholds() {
    return declaration().thresholds();
  }

  /** How the exporter serves it, or null when it is not served under a new name. */
  default Export export() {
    return declaration().export();
  }

  /** The original's names for it, served with legacy names on. */
  default List<Export.Legacy> legacy() {
    return declaration().legacy();
  }

  /** Every declared value, in feed order. */
  static List<Metric> all() {
    return RecordSchema.ALL;
  }

  /** The scalars of one section, or the fields of one list, in feed order. */
  static List<Metric> of(Section section, RecordList list) {
    return RecordSchema.of(section, list);
  }

  /** Finds a top-level scalar by its JSON key, case-insensitively. */
  static Optional<Metric> byKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (Metric m : RecordSchema.of(Section.METRICS, null)) {
      if (m.key().equals(k)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Finds a field of a list by its JSON key, or null. */
  static Metric field(RecordList list, String key) {
    for (Metric m : RecordSchema.of(list.section(), list)) {
      if (m.key().equals(key)) {
        return m;
      }
    }
    return null;
  }
}
