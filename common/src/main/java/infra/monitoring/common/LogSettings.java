package infra.monitoring.common;

import infra.monitoring.common.settings.Flag;
import infra.monitoring.common.settings.SettingsReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Settings both processes share: the log root (the feed, the human logs, the archive and the
 * processes' own logs live under it) and the log level.
 *
 * @param root {@code MONITORING_LOG_ROOT}, default {@code logs}
 * @param level logback level name: TRACE, DEBUG, INFO, WARN or ERROR ({@code MONITORING_LOG_LEVEL})
 */
public record LogSettings(Path root, String level) {
  public static final Flag LOG_ROOT =
      new Flag(null, "--log-root", "MONITORING_LOG_ROOT", true, "directory of the feed and logs");
  public static final Flag LOG_LEVEL =
      new Flag(
          null, "--log-level", "MONITORING_LOG_LEVEL", true, "TRACE, DEBUG, INFO, WARNING, ERROR");
  public static final List<Flag> FLAGS = List.of(LOG_ROOT, LOG_LEVEL);

  public static LogSettings load(SettingsReader s) {
    return new LogSettings(Path.of(s.text("MONITORING_LOG_ROOT", "logs")), level(s));
  }

  private static String level(SettingsReader s) {
    String v = s.text("MONITORING_LOG_LEVEL", "INFO").strip().toUpperCase(Locale.ROOT);
    return switch (v) {
      case "TRACE", "DEBUG", "INFO", "ERROR" -> v;
      case "WARNING", "WARN" -> "WARN";
      default -> throw s.bad("MONITORING_LOG_LEVEL", "one of TRACE, DEBUG, INFO, WARNING, ERROR");
    };
  }

  public LogLayout layout() {
    return new LogLayout(root);
  }
}
