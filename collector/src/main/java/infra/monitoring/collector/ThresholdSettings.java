package infra.monitoring.collector;

import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the thresholds that decide the record's {@code state} and {@code alerts}: the defaults
 * declared with each metric, overridden by {@code MONITORING_THRESHOLD_<METRIC>_WARNING} and {@code
 * _CRITICAL} (the original's {@code _CRIT...} spellings and metric aliases accepted). A bad value,
 * an unknown metric or a warning not below its critical stops start-up naming the variables.
 */
final class ThresholdSettings {
  private static final String PREFIX = "MONITORING_THRESHOLD_";
  private static final String WARNING = PREFIX + "*_WARNING";
  private static final String CRITICAL = PREFIX + "*_CRIT*";

  /** Threshold names of the original that map onto another metric of the port. */
  private static final Map<String, Metric> ALIASES =
      Map.of(
          "temperature_celsius", SensorMetric.TEMPERATURE,
          "network_loss_percent", ProbeMetric.PING_LOSS_PERCENT,
          "network_latency_ms", ProbeMetric.LATENCY_MS);

  private record Override(String key, Metric metric, int level, String name) {}

  private ThresholdSettings() {}

  static Thresholds load(SettingsReader s) {
    List<Override> found = new ArrayList<>();
    for (String key : s.keysMatching(WARNING)) {
      found.add(override(s, key, 0, key.length() - "_WARNING".length()));
    }
    for (String key : s.keysMatching(CRITICAL)) {
      found.add(override(s, key, 1, key.lastIndexOf("_CRIT")));
    }
    // Aliases first, so that the metric's own name wins when both are set.
    found.sort(
        (a, b) -> Boolean.compare(!ALIASES.containsKey(a.name()), !ALIASES.containsKey(b.name())));
    Map<Metric, Double[]> values = new HashMap<>();
    Map<Metric, String[]> origins = new HashMap<>();
    for (Override o : found) {
      double v = s.finiteDouble(o.key(), "a number");
      if (o.metric().isPercent() && (v < 0 || v > 100)) {
        throw s.bad(o.key(), "a percentage within 0..100");
      }
      values.computeIfAbsent(o.metric(), x -> new Double[2])[o.level()] = v;
      origins.computeIfAbsent(o.metric(), x -> new String[2])[o.level()] = s.origin(o.key());
    }
    Map<Metric, Thresholds.Level> levels = Thresholds.defaults();
    for (Map.Entry<Metric, Double[]> e : values.entrySet()) {
      Thresholds.Level base = levels.get(e.getKey());
      Double w = e.getValue()[0] != null ? e.getValue()[0] : base == null ? null : base.warning();
      Double c = e.getValue()[1] != null ? e.getValue()[1] : base == null ? null : base.critical();
      if (w != null && c != null && w >= c) {
        String[] o = origins.get(e.getKey());
        String names =
            o[0] != null && o[1] != null
                ? o[0] + " and " + o[1]
                : (o[0] != null ? o[0] : o[1]) + " (with the default of the other level)";
        throw new ConfigException(
            names
                + ": expected warning < critical for "
                + e.getKey().key()
                + ", got "
                + w
                + " ≥ "
                + c);
      }
      levels.put(e.getKey(), new Thresholds.Level(w, c));
    }
    return new Thresholds(levels);
  }

  private static Override override(SettingsReader s, String key, int level, int nameEnd) {
    String name = key.substring(PREFIX.length(), nameEnd).toLowerCase(Locale.ROOT);
    Metric metric = ALIASES.get(name);
    if (metric == null) {
      metric =
          Metric.byKey(name)
              .filter(Metric::isNumeric)
              .filter(x -> x != CollectorMetric.TIMESTAMP)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          s.origin(key)
                              + ": no such metric '"
                              + name
                              + "'; thresholds exist for the numeric keys of the record,"
                              + " for example CPU_PERCENT"));
    }
    return new Override(key, metric, level, name);
  }
}
