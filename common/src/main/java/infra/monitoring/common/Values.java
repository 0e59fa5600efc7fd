package infra.monitoring.common;

import infra.monitoring.common.metric.Metric;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Values by {@link Metric}, each checked against the metric's kind when it is set. */
public abstract class Values {
  final Map<Metric, Object> values = new HashMap<>();

  Values() {}

  /**
   * Sets a value, which must match the metric's kind: a finite number for NUMBER (a non-finite one
   * is stored as null), a {@link Long} or {@link Integer} for INTEGER, a {@link String} for TEXT, a
   * {@link Boolean} for BOOLEAN; null clears it.
   */
  final void store(Metric metric, Object value) {
    Objects.requireNonNull(metric, "metric");
    if (value == null) {
      values.remove(metric);
      return;
    }
    Object v =
        switch (metric.kind()) {
          case NUMBER ->
              value instanceof Number n ? finiteOrNull(n.doubleValue()) : bad(metric, value);
          case INTEGER ->
              value instanceof Long || value instanceof Integer
                  ? ((Number) value).longValue()
                  : bad(metric, value);
          case TEXT -> value instanceof String ? value : bad(metric, value);
          case BOOLEAN -> value instanceof Boolean ? value : bad(metric, value);
        };
    if (v == null) {
      values.remove(metric);
    } else {
      values.put(metric, v);
    }
  }

  private static Double finiteOrNull(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static Object bad(Metric metric, Object value) {
    throw new IllegalArgumentException(
        metric.key()
            + " takes "
            + metric.kind().name().toLowerCase(java.util.Locale.ROOT)
            + ", got "
            + value);
  }

  /** The raw value, or null. */
  public Object get(Metric metric) {
    return values.get(metric);
  }

  /** A numeric value as a double (NUMBER or INTEGER kinds), or null. */
  public Double number(Metric metric) {
    return values.get(metric) instanceof Number n ? n.doubleValue() : null;
  }

  /** An INTEGER value, or null. */
  public Long integer(Metric metric) {
    return values.get(metric) instanceof Long l ? l : null;
  }

  public String text(Metric metric) {
    return values.get(metric) instanceof String s ? s : null;
  }

  public Boolean bool(Metric metric) {
    return values.get(metric) instanceof Boolean b ? b : null;
  }
}
