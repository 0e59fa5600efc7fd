package infra.monitoring.collector;

import infra.monitoring.collector.source.SourceSettings;
import infra.monitoring.common.LogSettings;
import infra.monitoring.common.settings.Flag;
import infra.monitoring.common.settings.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How the daemon runs: the record interval, when it stops, console output, the host name it writes,
 * where it keeps its state, and whether writes are synced.
 *
 * @param intervalSec seconds between records ({@code MONITORING_INTERVAL_SEC})
 * @param cycles records to write, 0 = forever ({@code MONITORING_CYCLES})
 * @param duration wall-clock run time, or null for no limit ({@code --duration}, or {@code
 *     MONITORING_CYCLE_MODE=time} with {@code MONITORING_CYCLE_TIME_MIN})
 * @param verbose console output level ({@code MONITORING_VERBOSE}, {@code -v})
 * @param host the record's {@code host}, or null to ask the system ({@code MONITORING_HOST})
 * @param stateDir state files ({@code MONITORING_STATE_DIR}, default {@code <log root>/state})
 * @param durableWrites fsync the feed and state files ({@code LOGS_DURABLE_WRITES})
 * @param warnings settings accepted but without effect
 */
public record RunSettings(
    double intervalSec,
    long cycles,
    Duration duration,
    int verbose,
    String host,
    Path stateDir,
    boolean durableWrites,
    List<String> warnings) {

  /** Internal key of the {@code --duration} flag (it has no environment twin). */
  static final String DURATION_KEY = "--duration";

  public static final Flag INTERVAL =
      new Flag("-i", "--interval", "MONITORING_INTERVAL_SEC", true, "seconds between samples");
  public static final Flag CYCLES =
      new Flag("-c", "--cycles", "MONITORING_CYCLES", true, "samples to take, 0 = forever");
  public static final Flag DURATION =
      new Flag(null, "--duration", DURATION_KEY, true, "stop after this time (90s, 5m, 2h)");
  public static final Flag VERBOSE =
      new Flag("-v", "--verbose", "MONITORING_VERBOSE", false, "-v short summary, -vv long block");
  static final List<Flag> FLAGS = List.of(INTERVAL, CYCLES, DURATION, VERBOSE);

  public RunSettings {
    warnings = List.copyOf(warnings);
  }

  static RunSettings load(SettingsReader s, LogSettings log) {
    double interval =
        s.atLeast(
            "MONITORING_INTERVAL_SEC",
            1.0,
            SourceSettings.MIN_INTERVAL_SEC,
            SourceSettings.MIN_INTERVAL_EXPECTED);
    long cycles = s.nonNegativeLong("MONITORING_CYCLES", 0, "a whole number ≥ 0 (0 = forever)");
    Duration duration = duration(s);
    int verbose = (int) s.nonNegativeLong("MONITORING_VERBOSE", 0, "a whole number ≥ 0");
    String host = s.has("MONITORING_HOST") ? s.text("MONITORING_HOST", "") : null;
    Path stateDir = Path.of(s.text("MONITORING_STATE_DIR", log.root().resolve("state").toString()));
    boolean durable = s.bool("LOGS_DURABLE_WRITES", true);
    List<String> warnings =
        s.has("MONITORING_EXPORTER_ENABLE")
            ? List.of(
                "MONITORING_EXPORTER_ENABLE is ignored: the exporter is its own process"
                    + " (java -jar exporter.jar)")
            : List.of();
    return new RunSettings(interval, cycles, duration, verbose, host, stateDir, durable, warnings);
  }

  private static Duration duration(SettingsReader s) {
    boolean timeGiven = s.has("MONITORING_CYCLE_TIME_MIN");
    String mode = s.text("MONITORING_CYCLE_MODE", "cycles").toLowerCase(Locale.ROOT);
    if (s.has(DURATION_KEY)) {
      return s.duration(DURATION_KEY);
    }
    if (!mode.equals("cycles") && !mode.equals("time")) {
      throw s.bad("MONITORING_CYCLE_MODE", "cycles or time");
    }
    if (mode.equals("time") && timeGiven) {
      return Duration.ofMinutes(s.positiveLong("MONITORING_CYCLE_TIME_MIN", 1));
    }
    return null;
  }
}
