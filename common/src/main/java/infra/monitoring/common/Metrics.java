package infra.monitoring.common;

import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code metrics} object of a feed record: the scalars of {@code metrics} and {@code
 * metrics.collector} (an absent scalar is written as null, never omitted) and the rows of each
 * {@link RecordList}. A list that was not set is unavailable (its source failed or did not run) and
 * is written as null; an empty list means there is nothing of that kind. Mutable so that each
 * source can fill its own part; not thread-safe.
 */
public final class Metrics {

  /**
   * One row of a list: its id (a mount point, an interface name, a probe target, a source name) and
   * its fields, each a {@link Metric} declared in that list.
   */
  public static final class Row {
    private final String id;
    private final Map<Metric, Object> values = new HashMap<>();

    public Row(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public String id() {
      return id;
    }

    /** Sets a field (see {@link Metrics#put} for the accepted values); null clears it. */
    public Row put(Metric field, Object value) {
      if (field.list() == null) {
        throw new IllegalArgumentException(field + " is not a field of a list");
      }
      store(values, field, value);
      return this;
    }

    public Object get(Metric field) {
      return values.get(field);
    }

    public Double number(Metric field) {
      return Metrics.number(values.get(field));
    }

    public Long integer(Metric field) {
      return values.get(field) instanceof Long l ? l : null;
    }

    public String text(Metric field) {
      return values.get(field) instanceof String s ? s : null;
    }

    public Boolean bool(Metric field) {
      return values.get(field) instanceof Boolean b ? b : null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Row r && id.equals(r.id) && values.equals(r.values);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, values);
    }

    @Override
    public String toString() {
      return id + values;
    }
  }

  private final Map<Metric, Object> values = new HashMap<>();
  private final EnumMap<RecordList, List<Row>> lists = new EnumMap<>(RecordList.class);

  /**
   * Sets a scalar. The value must match the metric's kind: a finite {@link Double} for NUMBER (a
   * non-finite one is stored as null), a {@link Long} for INTEGER, a {@link String} for TEXT, a
   * {@link Boolean} for BOOLEAN; null clears it.
   */
  public Metrics put(Metric metric, Object value) {
    if (metric.list() != null) {
      throw new IllegalArgumentException(metric + " is a field of " + metric.list().key());
    }
    store(values, metric, value);
    return this;
  }

  private static void store(Map<Metric, Object> into, Metric metric, Object value) {
    Objects.requireNonNull(metric, "metric");
    if (value == null) {
      into.remove(metric);
      return;
    }
    switch (metric.kind()) {
      case NUMBER -> {
        if (!(value instanceof Number n)) {
          throw new IllegalArgumentException(metric.key() + " takes a number, got " + value);
        }
        double d = n.doubleValue();
        if (Double.isFinite(d)) {
          into.put(metric, d);
        } else {
          into.remove(metric);
        }
      }
      case INTEGER -> {
        if (!(value instanceof Long || value instanceof Integer)) {
          throw new IllegalArgumentException(metric.key() + " takes an integer, got " + value);
        }
        into.put(metric, ((Number) value).longValue());
      }
      case TEXT -> {
        if (!(value instanceof String)) {
          throw new IllegalArgumentException(metric.key() + " takes a string, got " + value);
        }
        into.put(metric, value);
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean)) {
          throw new IllegalArgumentException(metric.key() + " takes a boolean, got " + value);
        }
        into.put(metric, value);
      }
    }
  }

  private static Double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : null;
  }

  /** The raw value, or null. */
  public Object get(Metric metric) {
    return values.get(metric);
  }

  /** A numeric value as a double (NUMBER or INTEGER kinds), or null. */
  public Double number(Metric metric) {
    return number(values.get(metric));
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

  /** The rows of a list, or null when the list is unavailable. */
  public List<Row> rows(RecordList list) {
    List<Row> r = lists.get(list);
    return r == null ? null : Collections.unmodifiableList(r);
  }

  /** The rows of a list, empty when it is unavailable. */
  public List<Row> rowsOrEmpty(RecordList list) {
    List<Row> r = lists.get(list);
    return r == null ? List.of() : Collections.unmodifiableList(r);
  }

  /** Sets a list's rows (null: unavailable). */
  public Metrics rows(RecordList list, List<Row> rows) {
    if (rows == null) {
      lists.remove(list);
    } else {
      lists.put(list, new ArrayList<>(rows));
    }
    return this;
  }

  /** Copies every value and list set in {@code other} into this object. */
  public Metrics merge(Metrics other) {
    values.putAll(other.values);
    other.lists.forEach((k, v) -> lists.put(k, new ArrayList<>(v)));
    return this;
  }

  /** True when no scalar of this section and no list of it is set. */
  public boolean isEmpty(Metric.Section section) {
    for (Metric m : values.keySet()) {
      if (m.section() == section) {
        return false;
      }
    }
    for (RecordList l : lists.keySet()) {
      if (l.section() == section) {
        return false;
      }
    }
    return true;
  }

  /**
   * A copy of the scalars of {@code metrics} itself as a map in key order (absent keys left out).
   */
  public Map<Metric, Object> scalars() {
    Map<Metric, Object> out = new LinkedHashMap<>();
    for (Metric m : Metric.of(Metric.Section.METRICS, null)) {
      Object v = values.get(m);
      if (v != null) {
        out.put(m, v);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metrics m && values.equals(m.values) && lists.equals(m.lists);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, lists);
  }

  @Override
  public String toString() {
    return "Metrics" + values + " " + lists;
  }
}
