package infra.monitoring.collector.pipeline;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import java.time.Instant;
import java.util.Map;

/**
 * A step that sees each sample after evaluation and before its record is written (for example the
 * sustained-critical tracker and treatments). It may add top-level fields to {@code extra}, which
 * are written after {@code alerts}. Runs on the sampling thread: slow work goes to its own thread.
 */
public interface RecordObserver {
  void observe(
      Instant now, Metrics metrics, Thresholds.Evaluation evaluation, Map<String, Object> extra);
}
