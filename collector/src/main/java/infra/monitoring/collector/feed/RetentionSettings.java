package infra.monitoring.collector.feed;

import infra.monitoring.common.settings.SettingsReader;

/**
 * How often the maintenance tasks run and how long archives are kept (the original's names).
 *
 * @param rotateIntervalSec {@code MONITORING_ROTATE_INTERVAL_SEC}: past days gzipped to archive/
 * @param compressIntervalSec {@code MONITORING_COMPRESS_INTERVAL_SEC}: archive repair
 * @param safeRemoveIntervalSec {@code MONITORING_SAFE_REMOVE_INTERVAL_SEC}: retention
 * @param days {@code MONITORING_RETENTION_DAYS}
 * @param safeDays {@code MONITORING_RETENTION_SAFE_DAYS}, for {@code _safe} streams
 */
public record RetentionSettings(
    long rotateIntervalSec,
    long compressIntervalSec,
    long safeRemoveIntervalSec,
    int days,
    int safeDays) {

  public static RetentionSettings load(SettingsReader s) {
    return new RetentionSettings(
        s.positiveLong("MONITORING_ROTATE_INTERVAL_SEC", 86400),
        s.positiveLong("MONITORING_COMPRESS_INTERVAL_SEC", 86400),
        s.positiveLong("MONITORING_SAFE_REMOVE_INTERVAL_SEC", 604800),
        (int) s.rangeLong("MONITORING_RETENTION_DAYS", 7, 1, 36500),
        (int) s.rangeLong("MONITORING_RETENTION_SAFE_DAYS", 30, 1, 36500));
  }
}
