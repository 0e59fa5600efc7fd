package infra.monitoring.common.metric;

import java.util.List;

/**
 * How a record value is served to Prometheus: the family, its type and base unit, the factor from
 * the record's unit to the base unit, and the HELP text. The exporter's {@code /metrics}, its
 * {@code backfill} and the docs' metric table are all derived from these declarations.
 *
 * @param family the Prometheus name, without {@code _total} for counters
 * @param unit the base unit the name ends with ({@code bytes}, {@code seconds}, ...), or null
 * @param scale multiplies the record's value (ms to seconds: 0.001)
 * @param extraLabel for list fields: a second label, taken from the row's {@code extraLabelKey}
 *     text field ({@code extraLabelDefault} when it is null); null for none
 * @param states for a text field of a list: the values it can take, each served as one series
 *     labelled {@code extraLabel} with 1 for the row's current value and 0 for the others (as
 *     node_exporter's {@code node_md_state{state}}); null for a numeric field
 */
public record Export(
    String family,
    Type type,
    String unit,
    double scale,
    String help,
    String extraLabel,
    String extraLabelKey,
    String extraLabelDefault,
    List<String> states) {

  /**
   * A name of the Python original, served as a plain gauge of the record's value (in the record's
   * unit) when {@code MONITORING_EXPORTER_LEGACY_NAMES} is on.
   *
   * @param use what replaces it, for its HELP text
   */
  public record Legacy(String name, String use) {}

  /** Prometheus family type of a declared value. */
  public enum Type {
    GAUGE,
    COUNTER
  }

  static Export gauge(String family, String unit, String help) {
    return new Export(family, Type.GAUGE, unit, 1, help, null, null, null, null);
  }

  static Export counter(String family, String unit, String help) {
    return new Export(family, Type.COUNTER, unit, 1, help, null, null, null, null);
  }

  /** One gauge series per value of a text field, labelled {@code label}: 1 for the current one. */
  static Export states(String family, String help, String label, List<String> values) {
    return new Export(family, Type.GAUGE, null, 1, help, label, null, null, List.copyOf(values));
  }

  Export scale(double factor) {
    return new Export(
        family, type, unit, factor, help, extraLabel, extraLabelKey, extraLabelDefault, states);
  }

  Export labelFrom(String label, String key, String dflt) {
    return new Export(family, type, unit, scale, help, label, key, dflt, states);
  }

  /** The name a sample line starts with ({@code _total} added to counters). */
  public String sampleName() {
    return type == Type.COUNTER ? family + "_total" : family;
  }
}
