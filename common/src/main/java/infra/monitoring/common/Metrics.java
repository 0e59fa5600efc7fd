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
public final class Metrics extends Values {

  /**
   * One row of a list: its id (a mount point, an interface name, a probe target, a source name) and
   * its fields, each a {@link Metric} declared in that list.
   */
  public static final class Row extends Values {
    private final String id;

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
      store(field, value);
      return this;
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

  private final EnumMap<RecordList, List<Row>> lists = new EnumMap<>(RecordList.class);

  /** Sets a scalar (see {@link Values#store} for the accepted values); null clears it. */
  public Metrics put(Metric metric, Object value) {
    if (metric.list() != null) {
      throw new IllegalArgumentException(metric + " is a field of " + metric.list().key());
    }
    store(metric, value);
    return this;
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

  /**
   * Copies every value and list set in {@code other} into this object. A list set on both sides is
   * joined by row id, for two sources that fill different fields of the same rows (a filesystem's
   * space every few seconds, its inodes less often): a row of {@code other} adds its fields to a
   * copy of this object's row of the same id, or is appended when there is none. Rows are copied,
   * never changed in place, so neither side's rows see the other's fields.
   */
  public Metrics merge(Metrics other) {
    values.putAll(other.values);
    other.lists.forEach(
        (k, v) -> {
          List<Row> mine = lists.get(k);
          lists.put(k, mine == null ? new ArrayList<>(v) : join(mine, v));
        });
    return this;
  }

  private static List<Row> join(List<Row> mine, List<Row> theirs) {
    List<Row> out = new ArrayList<>(mine);
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      at.putIfAbsent(out.get(i).id(), i);
    }
    for (Row r : theirs) {
      Integer i = at.get(r.id());
      if (i == null) {
        at.put(r.id(), out.size());
        out.add(r);
      } else {
        Row joined = new Row(r.id());
        joined.values.putAll(out.get(i).values);
        joined.values.putAll(r.values);
        out.set(i, joined);
      }
    }
    return out;
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
