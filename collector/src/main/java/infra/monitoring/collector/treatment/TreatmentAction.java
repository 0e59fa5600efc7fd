package infra.monitoring.collector.treatment;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import java.time.Instant;

/**
 * One corrective action. In a dry run an action does only its read-only part (it finds what it
 * would act on) and reports that; it never changes anything.
 */
public interface TreatmentAction {

  /** The action's name, as in the cooldown settings ({@code cleanup_temp_files}). */
  String name();

  /** True for actions that touch the network, which run only in the allowed hour. */
  default boolean network() {
    return false;
  }

  /**
   * Why this action cannot run with the current configuration, or null when it can (the default:
   * only actions that need configuration override it).
   */
  default String unavailableReason() {
    return null;
  }

  Outcome run(Context ctx) throws Exception;

  /**
   * What an action sees.
   *
   * @param metric the sustained-critical metric that triggered it
   * @param metrics a copy of the record's metrics
   */
  record Context(
      Instant now, String metric, Metrics metrics, Thresholds thresholds, boolean dryRun) {}

  /** Whether it succeeded and a one-line account of what it did (or would do). */
  record Outcome(boolean ok, String result) {}
}
