package infra.monitoring.collector.treatment;

import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When and how treatments run: the mode, the sustained-critical trigger, per-action cooldowns, the
 * hour network actions are allowed, and the configuration of the actions themselves.
 *
 * @param mode {@code MONITORING_TREATMENTS}: off (default), dry-run or on
 * @param sustainedCritSeconds {@code MONITORING_SUSTAINED_CRIT_SECONDS} (or the original's {@code
 *     _SEC})
 * @param minCriticalAlerts {@code MONITORING_MIN_CRITICAL_ALERTS}
 * @param cooldowns seconds per action name ({@code MONITORING_TREATMENT_COOLDOWN_<ACTION>})
 * @param networkAllowedHour local hour network actions may run, null = never ({@code
 *     NETWORK_TREATMENT_ALLOWED_HOUR})
 * @param postWaitSec {@code MONITORING_POST_TREATMENT_WAIT_SEC}
 * @param cleanupDir directory the cleanup action may prune, null = off ({@code
 *     MONITORING_CLEANUP_DIR})
 * @param cleanupTempAgeDays {@code MONITORING_CLEANUP_TEMP_AGE_DAYS}
 * @param networkCommands commands of the network action ({@code MONITORING_NETWORK_COMMANDS})
 * @param networkCommandTimeoutSec {@code MONITORING_NETWORK_COMMAND_TIMEOUT_SEC}
 */
public record TreatmentSettings(
    Mode mode,
    long sustainedCritSeconds,
    int minCriticalAlerts,
    Map<String, Long> cooldowns,
    Integer networkAllowedHour,
    double postWaitSec,
    Path cleanupDir,
    int cleanupTempAgeDays,
    List<String> networkCommands,
    double networkCommandTimeoutSec) {

  /** Treatment mode: off by default; dry-run logs what it would do. */
  public enum Mode {
    OFF,
    DRY_RUN,
    ON
  }

  /** Cooldown seconds per treatment action. */
  public static final Map<String, Long> DEFAULT_COOLDOWNS = defaultCooldowns();

  private static final String COOLDOWN_PREFIX = "MONITORING_TREATMENT_COOLDOWN_";

  /** The cooldown names of the original's .env.example, which never matched its action names. */
  private static final Map<String, String> COOLDOWN_ALIASES =
      Map.of(
          "trim_process", "trim_process_working_set",
          "reap_zombie", "reap_zombie_processes",
          "reapply_network", "reapply_network_config",
          "cleanup_temp", "cleanup_temp_files",
          "check_disk", "check_disk_usage",
          "trim_process_working_set_posix", "trim_process_working_set",
          "trim_process_working_set_windows", "trim_process_working_set");

  public TreatmentSettings {
    cooldowns = Collections.unmodifiableMap(new LinkedHashMap<>(cooldowns));
    networkCommands = List.copyOf(networkCommands);
  }

  public static TreatmentSettings load(SettingsReader s) {
    boolean longName = s.has("MONITORING_SUSTAINED_CRIT_SECONDS");
    boolean shortName = s.has("MONITORING_SUSTAINED_CRIT_SEC");
    long sustained =
        longName || !shortName
            ? s.nonNegativeLong("MONITORING_SUSTAINED_CRIT_SECONDS", 300, "seconds ≥ 0")
            : s.nonNegativeLong("MONITORING_SUSTAINED_CRIT_SEC", 300, "seconds ≥ 0");
    return new TreatmentSettings(
        mode(s),
        sustained,
        (int) s.rangeLong("MONITORING_MIN_CRITICAL_ALERTS", 1, 1, 1000),
        cooldowns(s),
        allowedHour(s),
        s.nonNegativeDouble("MONITORING_POST_TREATMENT_WAIT_SEC", 10.0, "seconds ≥ 0"),
        s.has("MONITORING_CLEANUP_DIR") ? Path.of(s.text("MONITORING_CLEANUP_DIR", "")) : null,
        (int) s.rangeLong("MONITORING_CLEANUP_TEMP_AGE_DAYS", 7, 1, 36500),
        commands(s),
        s.positiveDouble(
            "MONITORING_NETWORK_COMMAND_TIMEOUT_SEC", 10.0, "a number of seconds > 0"));
  }

  private static Mode mode(SettingsReader s) {
    String v = s.text("MONITORING_TREATMENTS", "off").strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "off", "" -> Mode.OFF;
      case "dry-run", "dry_run", "dryrun" -> Mode.DRY_RUN;
      case "on" -> Mode.ON;
      default -> throw s.bad("MONITORING_TREATMENTS", "off, dry-run or on");
    };
  }

  private static Map<String, Long> cooldowns(SettingsReader s) {
    Map<String, Long> out = new LinkedHashMap<>(DEFAULT_COOLDOWNS);
    for (String key : s.keysMatching(COOLDOWN_PREFIX + "*")) {
      String name = key.substring(COOLDOWN_PREFIX.length()).toLowerCase(Locale.ROOT);
      String action = COOLDOWN_ALIASES.getOrDefault(name, name);
      if (!out.containsKey(action)) {
        throw new ConfigException(
            s.origin(key)
                + ": no such treatment action '"
                + name
                + "'; expected one of "
                + String.join(", ", DEFAULT_COOLDOWNS.keySet()).toUpperCase(Locale.ROOT));
      }
      out.put(action, s.nonNegativeLong(key, 0, "seconds ≥ 0"));
    }
    return out;
  }

  private static Integer allowedHour(SettingsReader s) {
    if (!s.has("NETWORK_TREATMENT_ALLOWED_HOUR")) {
      return null;
    }
    String v = s.text("NETWORK_TREATMENT_ALLOWED_HOUR", "").strip();
    if (v.isEmpty() || v.equalsIgnoreCase("NONE")) {
      return null;
    }
    try {
      int h = Integer.parseInt(v);
      if (h >= 0 && h <= 23) {
        return h;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw s.bad("NETWORK_TREATMENT_ALLOWED_HOUR", "a local hour 00..23, or NONE");
  }

  /** Split at start-up, so that a broken quote stops the collector instead of a later action. */
  private static List<String> commands(SettingsReader s) {
    String key = "MONITORING_NETWORK_COMMANDS";
    String text = s.text(key, "");
    try {
      return CommandList.commands(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          s.origin(key)
              + ": expected commands separated by ';' (quotes closed), got '"
              + text
              + "' ("
              + e.getMessage()
              + ")");
    }
  }

  private static Map<String, Long> defaultCooldowns() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("check_disk_usage", 86400L);
    m.put("cleanup_temp_files", 259200L);
    m.put("reap_zombie_processes", 3600L);
    m.put("trim_process_working_set", 3600L);
    m.put("reapply_network_config", 1800L);
    return Collections.unmodifiableMap(m);
  }
}
