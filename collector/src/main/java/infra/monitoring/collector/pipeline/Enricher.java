package infra.monitoring.collector.pipeline;

import infra.monitoring.common.Metrics;
import java.time.Instant;

/**
 * A step that runs on the sampling thread after the sources and before thresholds are evaluated,
 * adding derived metrics (for example the network learning's {@code net_today_bytes}). Must not
 * block and must not throw for bad data: it leaves its keys null instead.
 */
public interface Enricher {
  void enrich(Instant now, Metrics metrics);
}
