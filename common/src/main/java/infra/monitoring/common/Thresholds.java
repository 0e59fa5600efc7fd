package infra.monitoring.common;

import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.NetworkMetric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Warning and critical levels per metric, and the state they give a record: the worst severity over
 * every thresholded metric (the original took the first one crossed). Byte metrics have no
 * thresholds unless the user sets them.
 */
public final class Thresholds {

  /** Levels of one metric; either may be null (that level is never reached). */
  public record Level(Double warning, Double critical) {
    Severity of(double value) {
      if (critical != null && value >= critical) {
        return Severity.CRITICAL;
      }
      if (warning != null && value >= warning) {
        return Severity.WARNING;
      }
      return Severity.STABLE;
    }
  }

  /** The state of a record and the metrics at or over their warning, in key order. */
  public record Evaluation(Severity state, List<Alert> alerts) {}

  private final Map<Metric, Level> levels;

  /** Levels by metric; kept, and evaluated, in feed order. */
  public Thresholds(Map<Metric, Level> levels) {
    this.levels = inFeedOrder(levels);
  }

  private static Map<Metric, Level> inFeedOrder(Map<Metric, Level> levels) {
    Map<Metric, Level> out = new LinkedHashMap<>();
    for (Metric m : Metric.all()) {
      Level l = levels.get(m);
      if (l != null) {
        out.put(m, l);
      }
    }
    return out;
  }

  /**
   * The defaults declared with each metric (the original's, for the metrics it really collects);
   * byte metrics have none.
   */
  public static Map<Metric, Level> defaults() {
    Map<Metric, Level> d = new LinkedHashMap<>();
    for (Metric m : Metric.all()) {
      if (m.defaultThresholds() != null) {
        d.put(m, m.defaultThresholds());
      }
    }
    return d;
  }

  public Map<Metric, Level> levels() {
    return Collections.unmodifiableMap(levels);
  }

  public Level level(Metric m) {
    return levels.get(m);
  }

  /** A copy with one metric's levels replaced (null removes them). */
  public Thresholds with(Metric m, Level level) {
    Map<Metric, Level> copy = new LinkedHashMap<>(levels);
    if (level == null) {
      copy.remove(m);
    } else {
      copy.put(m, level);
    }
    return new Thresholds(copy);
  }

  /**
   * Evaluates a sample. {@code net_today_bytes} without a configured threshold is checked against
   * the learned limit in the same record ({@code net_learned_limit_bytes}) as a WARNING level.
   */
  public Evaluation evaluate(Metrics metrics) {
    Severity worst = Severity.STABLE;
    List<Alert> alerts = new ArrayList<>();
    Map<Metric, Level> effective = levels;
    Double learned = metrics.number(NetworkMetric.NET_LEARNED_LIMIT_BYTES);
    if (learned != null && !levels.containsKey(NetworkMetric.NET_TODAY_BYTES)) {
      Map<Metric, Level> withLearned = new HashMap<>(levels);
      withLearned.put(NetworkMetric.NET_TODAY_BYTES, new Level(learned, null));
      effective = inFeedOrder(withLearned);
    }
    for (Map.Entry<Metric, Level> e : effective.entrySet()) {
      Double v = metrics.number(e.getKey());
      if (v == null) {
        continue;
      }
      Severity s = e.getValue().of(v);
      if (s != Severity.STABLE) {
        alerts.add(new Alert(e.getKey().key(), v, s));
        worst = Severity.worst(worst, s);
      }
    }
    return new Evaluation(worst, List.copyOf(alerts));
  }
}
