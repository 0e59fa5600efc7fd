package infra.monitoring.common;

import infra.monitoring.common.metric.CollectorMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the feed. Keys are written in this order: {@code ts, level, msg, state, timestamp,
 * metrics, host, alerts}, then any {@code extra} keys in insertion order (later features add
 * top-level fields there, for example a treatment attempt).
 *
 * @param ts write time, UTC ISO-8601 with microseconds and {@code +00:00}
 * @param timestamp sample time in the same form ({@code metrics.timestamp} holds it as epoch
 *     seconds)
 * @param extra values must be JSON-representable: null, String, Boolean, Number, List or Map
 */
public record FeedRecord(
    String ts,
    String level,
    String msg,
    String state,
    String timestamp,
    Metrics metrics,
    String host,
    List<Alert> alerts,
    Map<String, Object> extra) {

  public FeedRecord {
    Objects.requireNonNull(metrics, "metrics");
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
    extra =
        extra == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** The sample time as epoch seconds: {@code metrics.timestamp}, else the top-level timestamp. */
  public Double epochSeconds() {
    Double t = metrics.number(CollectorMetric.TIMESTAMP);
    if (t != null) {
      return t;
    }
    return timestamp == null ? null : Timestamps.parseEpochSeconds(timestamp);
  }

  /** The state as a {@link Severity}, or null when it is not one (for example a legacy record). */
  public Severity severity() {
    return Severity.parse(state);
  }
}
