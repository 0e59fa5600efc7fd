package infra.monitoring.collector.treatment;

import infra.monitoring.common.Alert;
import infra.monitoring.common.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per metric, since when it has been CRITICAL without a break: set on the first evaluation where
 * its alert is CRITICAL, cleared on the first one where it is not. The original kept one global
 * flag and never filled its per-metric map. Used on the sampling thread only.
 */
public final class CriticalTracker {
  private final Map<String, Instant> since = new LinkedHashMap<>();

  /** Updates from one evaluation's alerts and returns the current map (oldest first). */
  public Map<String, Instant> update(Instant now, List<Alert> alerts) {
    Set<String> critical = new HashSet<>();
    for (Alert a : alerts) {
      if (a.level() == Severity.CRITICAL) {
        critical.add(a.name());
        since.putIfAbsent(a.name(), now);
      }
    }
    since.keySet().retainAll(critical);
    return since();
  }

  public Map<String, Instant> since() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(since));
  }

  /** The metrics critical for at least {@code sustained} at {@code now}, oldest first. */
  public List<String> sustained(Instant now, Duration sustained) {
    List<String> out = new ArrayList<>();
    since.forEach(
        (k, t) -> {
          if (Duration.between(t, now).compareTo(sustained) >= 0) {
            out.add(k);
          }
        });
    return out;
  }
}
