package infra.monitoring.exporter;

import infra.monitoring.common.Alert;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import infra.monitoring.common.metric.Export;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The metric families built from one feed record. Those of {@code metrics} come from the {@link
 * Metric} declarations (name, type, unit, scale to the base unit, HELP, labels of list rows); those
 * of the record's other parts (state, alerts, sample time, treatments) are listed here. Both the
 * live {@code /metrics} endpoint and the {@code backfill} command use these lists, so history and
 * live data cannot drift apart. A null in the record gives no sample.
 */
final class RecordFamilies {

  static final String STATE_LABEL = "monitoring_state";

  /**
   * Which host the record came from: {@code monitoring_host_info{host} 1}, info-style, to join into
   * other series ({@code * on (job, instance) group_left (host)}). Served with every record, fresh
   * or not, so an alert about a stale feed can still name its host; a record without a host gives
   * an empty label (no label in Prometheus), so the alerts joined on it still fire.
   */
  static final Family HOST_INFO =
      new Family(
          "monitoring_host_info",
          FamilyType.GAUGE,
          null,
          "The host the served record describes (the record's host; empty when the record names"
              + " none, so that joins on it still match): always 1.",
          List.of("host"),
          "host",
          (r, s) -> s.add(1.0, r.host() == null ? "" : r.host().strip()));

  /** Every family under its current name. */
  static final List<Family> ALL = build();

  /** The families served for a record that is no longer fresh: only which host it was. */
  static final List<Family> IDENTITY = List.of(HOST_INFO);

  /** The original's names, served with {@code MONITORING_EXPORTER_LEGACY_NAMES}. */
  static final List<Family> LEGACY = legacy();

  private RecordFamilies() {}

  private static List<Family> build() {
    List<Family> f = new ArrayList<>();
    for (Metric m : Metric.all()) {
      if (m.export() != null) {
        f.add(declared(m));
      }
    }
    f.add(
        new Family(
            STATE_LABEL,
            FamilyType.STATESET,
            null,
            "Host state: the worst severity over all metrics with thresholds (1 for the current"
                + " state).",
            List.of(STATE_LABEL),
            "state",
            (r, s) -> {
              Severity current = r.severity();
              for (Severity v : Severity.values()) {
                s.add(v == current ? 1.0 : 0.0, v.name());
              }
            }));
    f.add(
        new Family(
            "monitoring_alert",
            FamilyType.GAUGE,
            null,
            "1 for each metric at or over its warning threshold, with the level reached.",
            List.of("metric", "level"),
            "alerts[]",
            (r, s) -> {
              for (Alert a : r.alerts()) {
                s.add(1.0, a.name(), a.level().name());
              }
            }));
    f.add(
        new Family(
            "monitoring_alert_value",
            FamilyType.GAUGE,
            null,
            "For each metric at or over its warning threshold, its value in the record's unit (the"
                + " unit its key names: percent, ms, bytes; temperature in degrees Celsius), with"
                + " the level reached.",
            List.of("metric", "level"),
            "alerts[].value",
            (r, s) -> {
              for (Alert a : r.alerts()) {
                s.add(a.value(), a.name(), a.level().name());
              }
            }));
    f.add(HOST_INFO);
    f.add(
        new Family(
            "monitoring_last_sample_timestamp_seconds",
            FamilyType.GAUGE,
            "seconds",
            "When the served record was sampled, Unix time in seconds.",
            List.of(),
            "metrics.timestamp",
            (r, s) -> s.add(r.epochSeconds())));
    f.add(
        new Family(
            "monitoring_critical_since_timestamp_seconds",
            FamilyType.GAUGE,
            "seconds",
            "For each metric critical now: since when, Unix time in seconds.",
            List.of("metric"),
            "critical_since",
            (r, s) -> {
              if (r.extra().get("critical_since") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> s.add(number(v), String.valueOf(k)));
              }
            }));
    f.add(
        new Family(
            "monitoring_treatment_attempts",
            FamilyType.COUNTER,
            null,
            "Treatment attempts by action since the collector started; mode is off, dry-run or"
                + " on.",
            List.of("action", "mode"),
            "treatments.attempts",
            (r, s) -> {
              if (r.extra().get("treatments") instanceof Map<?, ?> t
                  && t.get("attempts") instanceof Map<?, ?> attempts) {
                String mode = t.get("mode") instanceof String m ? m : "unknown";
                attempts.forEach((k, v) -> s.add(number(v), String.valueOf(k), mode));
              }
            }));
    return List.copyOf(f);
  }

  /** The family of a declared value: a scalar, or one series per row of its list. */
  static Family declared(Metric m) {
    Export e = m.export();
    FamilyType type = e.type() == Export.Type.COUNTER ? FamilyType.COUNTER : FamilyType.GAUGE;
    RecordList list = m.list();
    if (list == null) {
      return new Family(
          e.family(),
          type,
          e.unit(),
          e.help(),
          List.of(),
          source(m),
          (r, s) -> s.add(scale(number(r.metrics().get(m)), e.scale())));
    }
    if (e.states() != null) {
      return new Family(
          e.family(),
          type,
          e.unit(),
          e.help(),
          List.of(list.label(), e.extraLabel()),
          source(m),
          (r, s) -> {
            for (Metrics.Row row : r.metrics().rowsOrEmpty(list)) {
              String current = row.text(m);
              if (current != null) { // an unknown state serves no series rather than all zeros
                for (String state : e.states()) {
                  s.add(state.equals(current) ? 1.0 : 0.0, row.id(), state);
                }
              }
            }
          });
    }
    Metric extra = e.extraLabel() == null ? null : field(list, e.extraLabelKey());
    List<String> labels =
        extra == null ? List.of(list.label()) : List.of(list.label(), e.extraLabel());
    return new Family(
        e.family(),
        type,
        e.unit(),
        e.help(),
        labels,
        source(m),
        (r, s) -> {
          for (Metrics.Row row : r.metrics().rowsOrEmpty(list)) {
            Double v = scale(number(row.get(m)), e.scale());
            if (extra == null) {
              s.add(v, row.id());
            } else {
              String x = row.text(extra);
              s.add(v, row.id(), x == null ? e.extraLabelDefault() : x);
            }
          }
        });
  }

  private static List<Family> legacy() {
    List<Family> f = new ArrayList<>();
    for (Metric m : Metric.all()) {
      for (Export.Legacy l : m.legacy()) {
        f.add(legacy(l.name(), l.use(), r -> number(r.metrics().get(m))));
      }
    }
    f.add(
        legacy(
            "monitoring_timestamp",
            "monitoring_last_sample_timestamp_seconds",
            FeedRecord::epochSeconds));
    return List.copyOf(f);
  }

  private static Family legacy(String name, String use, Function<FeedRecord, Double> value) {
    return new Family(
        name,
        FamilyType.GAUGE,
        null,
        "Legacy name from the Python original; use " + use + ".",
        List.of(),
        "",
        (r, s) -> s.add(value.apply(r)));
  }

  /** Where a declared value sits in the record, as the docs name it. */
  static String source(Metric m) {
    String section = m.section() == Metric.Section.COLLECTOR ? "collector." : "";
    if (m.list() != null) {
      return section + m.list().key() + "[]." + m.key();
    }
    return (section.isEmpty() ? "metrics." : section) + m.key();
  }

  private static Metric field(RecordList list, String key) {
    for (Metric m : Metric.of(list.section(), list)) {
      if (m.key().equals(key)) {
        return m;
      }
    }
    throw new IllegalStateException("no field " + key + " in " + list.key());
  }

  static Double scale(Double v, double factor) {
    return v == null ? null : v * factor;
  }

  /** A number as a double; a boolean as 1 or 0; anything else null. */
  static Double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    return null;
  }
}
