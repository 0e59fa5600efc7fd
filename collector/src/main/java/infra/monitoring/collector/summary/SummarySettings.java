package infra.monitoring.collector.summary;

import infra.monitoring.common.settings.SettingsReader;

/**
 * The hourly summary's period ({@code MONITORING_HOURLY_INTERVAL_SEC}, seconds). The original's
 * {@code MONITORING_HUMAN_MULTILINE}, {@code MONITORING_HUMAN_LOG_WINDOW_SEC} and {@code
 * MONITORING_AVERAGE_WINDOW_SEC} are accepted for compatibility and have no effect: the port writes
 * no one-line human logs to turn into blocks, and its windows follow the hourly period.
 */
public record SummarySettings(long hourlyIntervalSec) {

  public static SummarySettings load(SettingsReader s) {
    s.bool("MONITORING_HUMAN_MULTILINE", false);
    s.has("MONITORING_HUMAN_LOG_WINDOW_SEC");
    s.has("MONITORING_AVERAGE_WINDOW_SEC");
    return new SummarySettings(s.positiveLong("MONITORING_HOURLY_INTERVAL_SEC", 3600));
  }
}
