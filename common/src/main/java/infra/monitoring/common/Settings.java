package infra.monitoring.common;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of both processes, loaded once: built-in defaults &lt; {@code .env} file ({@code
 * MONITORING_ENV_FILE}, else {@code ./.env}) &lt; process environment &lt; command-line flags. Each
 * value is checked here; a bad one throws a {@link ConfigException} naming the variable or flag.
 * Unknown {@code MONITORING_*} names are reported in {@link #warnings()}.
 */
public final class Settings {

  /** Internal key of the {@code --duration} flag (it has no environment twin). */
  public static final String DURATION_KEY = "--duration";

  /** Treatment mode: off by default; dry-run logs what it would do. */
  public enum TreatmentMode {
    OFF,
    DRY_RUN,
    ON
  }

  /** Per-source refresh intervals, keyed by {@code MONITORING_METRIC_INTERVAL_<NAME>}. */
  public static final Map<String, Double> DEFAULT_METRIC_INTERVALS = defaultMetricIntervals();

  /** Cooldown seconds per treatment action ({@code MONITORING_TREATMENT_COOLDOWN_<ACTION>}). */
  public static final Map<String, Long> DEFAULT_COOLDOWNS = defaultCooldowns();

  private static final Set<String> KNOWN =
      Set.of(
          "MONITORING_INTERVAL_SEC",
          "MONITORING_CYCLES",
          "MONITORING_CYCLE_MODE",
          "MONITORING_CYCLE_TIME_MIN",
          "MONITORING_VERBOSE",
          "MONITORING_LOG_LEVEL",
          "MONITORING_LOG_ROOT",
          "MONITORING_ENV_FILE",
          "MONITORING_STATE_DIR",
          "MONITORING_SUSTAINED_CRIT_SECONDS",
          "MONITORING_SUSTAINED_CRIT_SEC",
          "MONITORING_MIN_CRITICAL_ALERTS",
          "MONITORING_CLEANUP_TEMP_AGE_DAYS",
          "MONITORING_CLEANUP_DIR",
          "MONITORING_NETWORK_COMMANDS",
          "MONITORING_NETWORK_COMMAND_TIMEOUT_SEC",
          "MONITORING_TREATMENTS",
          "MONITORING_POST_TREATMENT_WAIT_SEC",
          "MONITORING_ROTATE_INTERVAL_SEC",
          "MONITORING_COMPRESS_INTERVAL_SEC",
          "MONITORING_SAFE_REMOVE_INTERVAL_SEC",
          "MONITORING_HOURLY_INTERVAL_SEC",
          "MONITORING_RETENTION_DAYS",
          "MONITORING_RETENTION_SAFE_DAYS",
          "MONITORING_HTTP_PORT",
          "MONITORING_EXPORTER_ENABLE",
          "MONITORING_EXPORTER_ADDR",
          "MONITORING_EXPORTER_PORT",
          "MONITORING_EXPORTER_LEGACY_NAMES",
          "MONITORING_EXPORTER_WEB_CONFIG",
          "MONITORING_EXPORTER_MAX_REQUESTS",
          "MONITORING_STALE_AFTER_SEC",
          "MONITORING_HUMAN_MULTILINE",
          "MONITORING_HUMAN_LOG_WINDOW_SEC",
          "MONITORING_AVERAGE_WINDOW_SEC",
          "MONITORING_NETWORK_TIMEOUT",
          "MONITORING_PROBE_TARGETS",
          "MONITORING_PATH_PROCFS",
          "MONITORING_PATH_SYSFS",
          "MONITORING_PATH_ROOTFS",
          "MONITORING_DISK_MOUNT",
          "MONITORING_HOST");

  private static final Pattern THRESHOLD =
      Pattern.compile("MONITORING_THRESHOLD_(.+)_(WARNING|CRIT[A-Z]*)");

  /** Threshold names of the original that map onto another metric of the port. */
  private static final Map<String, Metric> THRESHOLD_ALIASES =
      Map.of(
          "temperature_celsius", Metric.TEMPERATURE,
          "network_loss_percent", Metric.PING_LOSS_PERCENT,
          "network_latency_ms", Metric.LATENCY_MS);

  private final Resolver r;
  private final List<String> warnings = new ArrayList<>();

  private final double intervalSec;
  private final long cycles;
  private final Duration duration;
  private final int verbose;
  private final String logLevel;
  private final Path logRoot;
  private final Path stateDir;
  private final Thresholds thresholds;
  private final long sustainedCritSeconds;
  private final int minCriticalAlerts;
  private final int cleanupTempAgeDays;
  private final Path cleanupDir;
  private final List<String> networkCommands;
  private final double networkCommandTimeoutSec;
  private final TreatmentMode treatments;
  private final double postTreatmentWaitSec;
  private final Map<String, Long> cooldowns;
  private final Integer networkTreatmentAllowedHour;
  private final long rotateIntervalSec;
  private final long compressIntervalSec;
  private final long safeRemoveIntervalSec;
  private final long hourlyIntervalSec;
  private final int retentionDays;
  private final int retentionSafeDays;
  private final String exporterAddr;
  private final int exporterPort;
  private final boolean exporterLegacyNames;
  private final Path exporterWebConfig;
  private final int exporterMaxRequests;
  private final double staleAfterSec;
  private final boolean durableWrites;
  private final double networkTimeoutSec;
  private final List<ProbeTarget> probeTargets;
  private final Path procfs;
  private final Path sysfs;
  private final Path rootfs;
  private final String diskMount;
  private final String host;
  private final Map<String, Double> metricIntervals;
  private final boolean help;
  private final List<String> positional;

  private Settings(Resolver r) {
    this.r = r;
    help = r.help;
    positional = List.copyOf(r.positional);
    intervalSec = r.positiveDouble("MONITORING_INTERVAL_SEC", 1.0, "a number of seconds > 0");
    cycles = r.nonNegativeLong("MONITORING_CYCLES", 0, "a whole number ≥ 0 (0 = forever)");
    duration = loadDuration();
    verbose = (int) r.nonNegativeLong("MONITORING_VERBOSE", 0, "a whole number ≥ 0");
    logLevel = loadLogLevel();
    logRoot = Path.of(r.text("MONITORING_LOG_ROOT", "logs"));
    stateDir = Path.of(r.text("MONITORING_STATE_DIR", logRoot.resolve("state").toString()));
    thresholds = loadThresholds();
    sustainedCritSeconds =
        r.has("MONITORING_SUSTAINED_CRIT_SECONDS") || !r.has("MONITORING_SUSTAINED_CRIT_SEC")
            ? r.nonNegativeLong("MONITORING_SUSTAINED_CRIT_SECONDS", 300, "seconds ≥ 0")
            : r.nonNegativeLong("MONITORING_SUSTAINED_CRIT_SEC", 300, "seconds ≥ 0");
    minCriticalAlerts = (int) r.rangeLong("MONITORING_MIN_CRITICAL_ALERTS", 1, 1, 1000);
    cleanupTempAgeDays = (int) r.rangeLong("MONITORING_CLEANUP_TEMP_AGE_DAYS", 7, 1, 36500);
    cleanupDir =
        r.has("MONITORING_CLEANUP_DIR") ? Path.of(r.text("MONITORING_CLEANUP_DIR", "")) : null;
    networkCommands = loadCommands();
    networkCommandTimeoutSec =
        r.positiveDouble("MONITORING_NETWORK_COMMAND_TIMEOUT_SEC", 10.0, "a number of seconds > 0");
    treatments = loadTreatmentMode();
    postTreatmentWaitSec =
        r.nonNegativeDouble("MONITORING_POST_TREATMENT_WAIT_SEC", 10.0, "seconds ≥ 0");
    cooldowns = loadCooldowns();
    networkTreatmentAllowedHour = loadAllowedHour();
    rotateIntervalSec = r.positiveLong("MONITORING_ROTATE_INTERVAL_SEC", 86400);
    compressIntervalSec = r.positiveLong("MONITORING_COMPRESS_INTERVAL_SEC", 86400);
    safeRemoveIntervalSec = r.positiveLong("MONITORING_SAFE_REMOVE_INTERVAL_SEC", 604800);
    hourlyIntervalSec = r.positiveLong("MONITORING_HOURLY_INTERVAL_SEC", 3600);
    retentionDays = (int) r.rangeLong("MONITORING_RETENTION_DAYS", 7, 1, 36500);
    retentionSafeDays = (int) r.rangeLong("MONITORING_RETENTION_SAFE_DAYS", 30, 1, 36500);
    exporterAddr = r.text("MONITORING_EXPORTER_ADDR", "127.0.0.1");
    if (exporterAddr.isBlank()) {
      throw r.bad("MONITORING_EXPORTER_ADDR", "an address such as 127.0.0.1 or 0.0.0.0");
    }
    exporterPort =
        r.has("MONITORING_EXPORTER_PORT") || !r.has("MONITORING_HTTP_PORT")
            ? r.port("MONITORING_EXPORTER_PORT", 8000)
            : r.port("MONITORING_HTTP_PORT", 8000);
    exporterLegacyNames = r.bool("MONITORING_EXPORTER_LEGACY_NAMES", false);
    // A file; whether it is readable and valid is the exporter's to say (one line naming the key).
    exporterWebConfig =
        r.text("MONITORING_EXPORTER_WEB_CONFIG", "").isBlank()
            ? null
            : Path.of(r.text("MONITORING_EXPORTER_WEB_CONFIG", "").strip());
    // node_exporter's --web.max-requests (default 40), but 0 (no limit) is refused: beyond the
    // limit the exporter answers 503 instead of queueing, and its heap is sized for at most 1000.
    exporterMaxRequests = (int) r.rangeLong("MONITORING_EXPORTER_MAX_REQUESTS", 40, 1, 1000);
    staleAfterSec =
        r.positiveDouble(
            "MONITORING_STALE_AFTER_SEC",
            Math.max(30.0, 3 * intervalSec),
            "a number of seconds > 0");
    // Checked for compatibility only: the port writes no one-line human logs to turn into blocks.
    r.bool("MONITORING_HUMAN_MULTILINE", false);
    durableWrites = r.bool("LOGS_DURABLE_WRITES", true);
    networkTimeoutSec =
        r.positiveDouble("MONITORING_NETWORK_TIMEOUT", 2.0, "a number of seconds > 0");
    probeTargets =
        r.has("MONITORING_PROBE_TARGETS")
            ? ProbeTarget.parseList(
                r.text("MONITORING_PROBE_TARGETS", ""), r.origin("MONITORING_PROBE_TARGETS"))
            : List.of();
    procfs = optionalPath("MONITORING_PATH_PROCFS");
    sysfs = optionalPath("MONITORING_PATH_SYSFS");
    rootfs = optionalPath("MONITORING_PATH_ROOTFS");
    diskMount = r.text("MONITORING_DISK_MOUNT", "/");
    if (!diskMount.startsWith("/")) {
      throw r.bad("MONITORING_DISK_MOUNT", "an absolute mount point such as /");
    }
    host = r.has("MONITORING_HOST") ? r.text("MONITORING_HOST", "") : null;
    metricIntervals = loadMetricIntervals();
    if (r.has("MONITORING_EXPORTER_ENABLE")) {
      warnings.add(
          "MONITORING_EXPORTER_ENABLE is ignored: the exporter is its own process"
              + " (java -jar exporter.jar)");
    }
    for (String key : r.environmentKeys()) {
      if (key.startsWith("MONITORING_") && !isKnown(key)) {
        warnings.add("unknown setting " + key + " (" + r.origin(key) + ") is ignored");
      }
    }
  }

  /**
   * Loads the settings.
   *
   * @param args command-line arguments
   * @param env process environment
   * @param flags the flags this program accepts
   * @param cwd directory against which {@code ./.env} is found
   */
  public static Settings load(String[] args, Map<String, String> env, List<Flag> flags, Path cwd) {
    Resolver r = new Resolver();
    String envFile = env.get("MONITORING_ENV_FILE");
    Path file = envFile != null && !envFile.isBlank() ? cwd.resolve(envFile) : cwd.resolve(".env");
    if (envFile != null && !envFile.isBlank() && !java.nio.file.Files.isRegularFile(file)) {
      throw new ConfigException("MONITORING_ENV_FILE: no such file " + file);
    }
    EnvFile.read(file).forEach((k, v) -> r.put(k, v, k + " (from " + file + ")", true));
    env.forEach((k, v) -> r.put(k, v, k, true));
    r.parseArgs(args, flags);
    return new Settings(r);
  }

  /** Loads from the real process: {@code System.getenv()} and the working directory. */
  public static Settings load(String[] args, List<Flag> flags) {
    return load(args, System.getenv(), flags, Path.of("").toAbsolutePath());
  }

  /** Usage text listing the flags. */
  public static String usage(String program, String synopsis, List<Flag> flags) {
    StringBuilder b = new StringBuilder("usage: ").append(program).append(' ').append(synopsis);
    b.append("\n\noptions:\n");
    for (Flag f : flags) {
      String name = f.display() + (f.takesValue() ? " VALUE" : "");
      b.append(String.format(Locale.ROOT, "  %-24s %s%n", name, f.help()));
    }
    b.append(
        "\nEvery option has an environment twin (see README: Settings);"
            + " precedence: defaults < .env < environment < options.\n");
    return b.toString();
  }

  static boolean isKnown(String key) {
    if (KNOWN.contains(key)) {
      return true;
    }
    if (THRESHOLD.matcher(key).matches()) {
      return true;
    }
    if (key.startsWith("MONITORING_TREATMENT_COOLDOWN_")) {
      return true;
    }
    return key.startsWith("MONITORING_METRIC_INTERVAL_");
  }

  private Duration loadDuration() {
    if (r.has(DURATION_KEY)) {
      return parseDuration(r.text(DURATION_KEY, ""), r.origin(DURATION_KEY));
    }
    String mode = r.text("MONITORING_CYCLE_MODE", "cycles").toLowerCase(Locale.ROOT);
    if (!mode.equals("cycles") && !mode.equals("time")) {
      throw r.bad("MONITORING_CYCLE_MODE", "cycles or time");
    }
    if (mode.equals("time") && r.has("MONITORING_CYCLE_TIME_MIN")) {
      long min = r.positiveLong("MONITORING_CYCLE_TIME_MIN", 1);
      return Duration.ofMinutes(min);
    }
    return null;
  }

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

  static Duration parseDuration(String text, String origin) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = DURATION_PART.matcher(t);
    long nanos = 0;
    int pos = 0;
    while (pos < t.length() && m.find(pos) && m.start() == pos) {
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double factor =
          switch (unit) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> 1e9;
          };
      nanos += (long) (n * factor);
      pos = m.end();
    }
    if (t.isEmpty() || pos != t.length() || nanos <= 0) {
      throw new ConfigException(
          origin
              + ": expected a duration > 0 such as 90, 90s, 5m, 2h or 1h30m, got '"
              + text
              + "'");
    }
    return Duration.ofNanos(nanos);
  }

  private String loadLogLevel() {
    String v = r.text("MONITORING_LOG_LEVEL", "INFO").strip().toUpperCase(Locale.ROOT);
    return switch (v) {
      case "TRACE", "DEBUG", "INFO", "ERROR" -> v;
      case "WARNING", "WARN" -> "WARN";
      default -> throw r.bad("MONITORING_LOG_LEVEL", "one of TRACE, DEBUG, INFO, WARNING, ERROR");
    };
  }

  private Thresholds loadThresholds() {
    Map<Metric, Double[]> overrides = new EnumMap<>(Metric.class);
    Map<Metric, String[]> origins = new EnumMap<>(Metric.class);
    // Aliases first so that the metric's own name wins when both are set.
    List<String> keys = new ArrayList<>(r.keys());
    keys.sort((a, b) -> Boolean.compare(!isAliasKey(a), !isAliasKey(b)));
    for (String key : keys) {
      Matcher m = THRESHOLD.matcher(key.toUpperCase(Locale.ROOT));
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      Metric metric = THRESHOLD_ALIASES.get(name);
      if (metric == null) {
        metric =
            Metric.byKey(name)
                .filter(Metric::isNumeric)
                .filter(x -> x != Metric.TIMESTAMP)
                .orElseThrow(
                    () ->
                        new ConfigException(
                            r.origin(key)
                                + ": no such metric '"
                                + name
                                + "'; thresholds exist for the numeric keys of the record,"
                                + " for example CPU_PERCENT"));
      }
      int idx = m.group(2).equals("WARNING") ? 0 : 1;
      double v = r.finiteDouble(key, "a number");
      if (metric.isPercent() && (v < 0 || v > 100)) {
        throw r.bad(key, "a percentage within 0..100");
      }
      overrides.computeIfAbsent(metric, x -> new Double[2])[idx] = v;
      origins.computeIfAbsent(metric, x -> new String[2])[idx] = r.origin(key);
    }
    Map<Metric, Thresholds.Level> levels = Thresholds.defaults();
    for (Map.Entry<Metric, Double[]> e : overrides.entrySet()) {
      Thresholds.Level base = levels.get(e.getKey());
      Double w = e.getValue()[0] != null ? e.getValue()[0] : base == null ? null : base.warning();
      Double c = e.getValue()[1] != null ? e.getValue()[1] : base == null ? null : base.critical();
      if (w != null && c != null && w >= c) {
        String[] o = origins.get(e.getKey());
        String names =
            o[0] != null && o[1] != null
                ? o[0] + " and " + o[1]
                : (o[0] != null ? o[0] : o[1]) + " (with the default of the other level)";
        throw new ConfigException(
            names
                + ": expected warning < critical for "
                + e.getKey().key()
                + ", got "
                + w
                + " ≥ "
                + c);
      }
      levels.put(e.getKey(), new Thresholds.Level(w, c));
    }
    return new Thresholds(levels);
  }

  private static boolean isAliasKey(String key) {
    Matcher m = THRESHOLD.matcher(key.toUpperCase(Locale.ROOT));
    return m.matches() && THRESHOLD_ALIASES.containsKey(m.group(1).toLowerCase(Locale.ROOT));
  }

  private List<String> loadCommands() {
    if (!r.has("MONITORING_NETWORK_COMMANDS")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String c : r.text("MONITORING_NETWORK_COMMANDS", "").split(";")) {
      if (!c.isBlank()) {
        out.add(c.strip());
      }
    }
    return List.copyOf(out);
  }

  private TreatmentMode loadTreatmentMode() {
    String v = r.text("MONITORING_TREATMENTS", "off").strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "off", "" -> TreatmentMode.OFF;
      case "dry-run", "dry_run", "dryrun" -> TreatmentMode.DRY_RUN;
      case "on" -> TreatmentMode.ON;
      default -> throw r.bad("MONITORING_TREATMENTS", "off, dry-run or on");
    };
  }

  private Map<String, Long> loadCooldowns() {
    Map<String, Long> out = new LinkedHashMap<>(DEFAULT_COOLDOWNS);
    for (String key : r.keys()) {
      if (key.startsWith("MONITORING_TREATMENT_COOLDOWN_")) {
        String name =
            key.substring("MONITORING_TREATMENT_COOLDOWN_".length()).toLowerCase(Locale.ROOT);
        String action = COOLDOWN_ALIASES.getOrDefault(name, name);
        if (!out.containsKey(action)) {
          throw new ConfigException(
              r.origin(key)
                  + ": no such treatment action '"
                  + name
                  + "'; expected one of "
                  + String.join(", ", DEFAULT_COOLDOWNS.keySet()).toUpperCase(Locale.ROOT));
        }
        out.put(action, r.nonNegativeLong(key, 0, "seconds ≥ 0"));
      }
    }
    return Collections.unmodifiableMap(out);
  }

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

  private Integer loadAllowedHour() {
    if (!r.has("NETWORK_TREATMENT_ALLOWED_HOUR")) {
      return null;
    }
    String v = r.text("NETWORK_TREATMENT_ALLOWED_HOUR", "").strip();
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
    throw r.bad("NETWORK_TREATMENT_ALLOWED_HOUR", "a local hour 00..23, or NONE");
  }

  private Map<String, Double> loadMetricIntervals() {
    Map<String, Double> out = new LinkedHashMap<>(DEFAULT_METRIC_INTERVALS);
    for (String key : r.keys()) {
      if (key.startsWith("MONITORING_METRIC_INTERVAL_")) {
        String name =
            key.substring("MONITORING_METRIC_INTERVAL_".length()).toLowerCase(Locale.ROOT);
        if (!out.containsKey(name)) {
          throw new ConfigException(
              r.origin(key)
                  + ": no such source '"
                  + name
                  + "'; expected one of "
                  + String.join(", ", DEFAULT_METRIC_INTERVALS.keySet()).toUpperCase(Locale.ROOT));
        }
        out.put(name, r.positiveDouble(key, 1.0, "a number of seconds > 0"));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Double> defaultMetricIntervals() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("cpu", 1.0);
    m.put("memory", 5.0);
    m.put("disk", 10.0);
    m.put("network", 2.0);
    m.put("ping", 5.0);
    m.put("latency", 5.0);
    m.put("temperature", 30.0);
    m.put("self", 1.0);
    return Collections.unmodifiableMap(m);
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

  private Path optionalPath(String key) {
    if (!r.has(key)) {
      return null;
    }
    String v = r.text(key, "");
    if (v.isBlank()) {
      return null;
    }
    Path p = Path.of(v);
    if (!java.nio.file.Files.isDirectory(p)) {
      throw r.bad(key, "an existing directory (the host's mount)");
    }
    return p;
  }

  // --- accessors -------------------------------------------------------------------------------

  /** True when {@code --help} was given; nothing else should happen then. */
  public boolean help() {
    return help;
  }

  /** Arguments that are not flags (for example the exporter's {@code backfill} subcommand). */
  public List<String> positional() {
    return positional;
  }

  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  public double intervalSec() {
    return intervalSec;
  }

  /** Samples to take; 0 = forever. */
  public long cycles() {
    return cycles;
  }

  /** Wall-clock run time, or null for no limit. */
  public Duration duration() {
    return duration;
  }

  public int verbose() {
    return verbose;
  }

  /** Logback level name: TRACE, DEBUG, INFO, WARN or ERROR. */
  public String logLevel() {
    return logLevel;
  }

  public Path logRoot() {
    return logRoot;
  }

  public LogLayout layout() {
    return new LogLayout(logRoot);
  }

  public Path stateDir() {
    return stateDir;
  }

  public Thresholds thresholds() {
    return thresholds;
  }

  public long sustainedCritSeconds() {
    return sustainedCritSeconds;
  }

  public int minCriticalAlerts() {
    return minCriticalAlerts;
  }

  public int cleanupTempAgeDays() {
    return cleanupTempAgeDays;
  }

  /** Directory the cleanup treatment may prune; null = cleanup disabled. */
  public Path cleanupDir() {
    return cleanupDir;
  }

  /** Commands the network treatment may run, as configured; empty = none. */
  public List<String> networkCommands() {
    return networkCommands;
  }

  /** Time-out of each network treatment command, in seconds. */
  public double networkCommandTimeoutSec() {
    return networkCommandTimeoutSec;
  }

  public TreatmentMode treatments() {
    return treatments;
  }

  public double postTreatmentWaitSec() {
    return postTreatmentWaitSec;
  }

  /** Cooldown seconds per action name. */
  public Map<String, Long> cooldowns() {
    return cooldowns;
  }

  /** Local hour when network treatments may run; null = never. */
  public Integer networkTreatmentAllowedHour() {
    return networkTreatmentAllowedHour;
  }

  public long rotateIntervalSec() {
    return rotateIntervalSec;
  }

  public long compressIntervalSec() {
    return compressIntervalSec;
  }

  public long safeRemoveIntervalSec() {
    return safeRemoveIntervalSec;
  }

  public long hourlyIntervalSec() {
    return hourlyIntervalSec;
  }

  public int retentionDays() {
    return retentionDays;
  }

  public int retentionSafeDays() {
    return retentionSafeDays;
  }

  public String exporterAddr() {
    return exporterAddr;
  }

  public int exporterPort() {
    return exporterPort;
  }

  public boolean exporterLegacyNames() {
    return exporterLegacyNames;
  }

  /** node_exporter's web config file (TLS, basic auth, headers); null = plain HTTP, no auth. */
  public Path exporterWebConfig() {
    return exporterWebConfig;
  }

  /** Scrapes served at once; beyond, 503. */
  public int exporterMaxRequests() {
    return exporterMaxRequests;
  }

  public double staleAfterSec() {
    return staleAfterSec;
  }

  public boolean durableWrites() {
    return durableWrites;
  }

  public double networkTimeoutSec() {
    return networkTimeoutSec;
  }

  public List<ProbeTarget> probeTargets() {
    return probeTargets;
  }

  /** Host's /proc when running in a container with it mounted; null = this system's. */
  public Path procfs() {
    return procfs;
  }

  public Path sysfs() {
    return sysfs;
  }

  public Path rootfs() {
    return rootfs;
  }

  /** Mount point the top-level {@code disk_*} keys describe. */
  public String diskMount() {
    return diskMount;
  }

  /** Host name for the record's {@code host} key; null = ask the system. */
  public String host() {
    return host;
  }

  /** Refresh interval in seconds of a source ({@code cpu}, {@code memory}, ...). */
  public double metricInterval(String source) {
    Double v = metricIntervals.get(source);
    if (v == null) {
      throw new IllegalArgumentException("no interval for source " + source);
    }
    return v;
  }

  public Map<String, Double> metricIntervals() {
    return metricIntervals;
  }

  // --- resolution ------------------------------------------------------------------------------

  /** Holds the winning text and its origin for each key, and the typed parsers. */
  private static final class Resolver {
    private record Value(String text, String origin, boolean fromEnvironment) {}

    private final Map<String, Value> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private boolean help;

    void put(String key, String text, String origin, boolean fromEnvironment) {
      values.put(key, new Value(text, origin, fromEnvironment));
    }

    boolean has(String key) {
      return values.containsKey(key);
    }

    List<String> keys() {
      return new ArrayList<>(values.keySet());
    }

    List<String> environmentKeys() {
      List<String> out = new ArrayList<>();
      values.forEach(
          (k, v) -> {
            if (v.fromEnvironment()) {
              out.add(k);
            }
          });
      return out;
    }

    String origin(String key) {
      Value v = values.get(key);
      return v == null ? key : v.origin();
    }

    String text(String key, String dflt) {
      Value v = values.get(key);
      return v == null ? dflt : v.text();
    }

    ConfigException bad(String key, String expected) {
      return new ConfigException(
          origin(key) + ": expected " + expected + ", got '" + text(key, "") + "'");
    }

    void parseArgs(String[] args, List<Flag> flags) {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--")) {
          positional.addAll(List.of(args).subList(i + 1, args.length));
          return;
        }
        if (!a.startsWith("-") || a.equals("-")) {
          positional.add(a);
          continue;
        }
        if (a.matches("-v+")) {
          Flag f = find(flags, "-v");
          if (f == null) {
            throw new ConfigException("unknown option " + a + " (see --help)");
          }
          long count =
              a.length()
                  - 1
                  + (has(f.key()) && !values.get(f.key()).fromEnvironment()
                      ? Long.parseLong(text(f.key(), "0"))
                      : 0);
          put(f.key(), Long.toString(count), f.display(), false);
          continue;
        }
        String name = a;
        String inline = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          inline = a.substring(eq + 1);
        }
        Flag f = find(flags, name);
        if (f == null) {
          throw new ConfigException("unknown option " + name + " (see --help)");
        }
        if (f == Flag.HELP || "--help".equals(f.longName())) {
          help = true;
          continue;
        }
        if (!f.takesValue()) {
          if (inline != null) {
            throw new ConfigException(f.display() + ": takes no value");
          }
          put(f.key(), "true", f.display(), false);
          continue;
        }
        String value = inline;
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new ConfigException(f.display() + ": expected a value");
          }
          value = args[++i];
        }
        put(f.key(), value, f.display(), false);
      }
    }

    private static Flag find(List<Flag> flags, String name) {
      for (Flag f : flags) {
        if (name.equals(f.shortName()) || name.equals(f.longName())) {
          return f;
        }
      }
      return null;
    }

    double finiteDouble(String key, String expected) {
      try {
        double d = Double.parseDouble(text(key, "").strip());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, expected);
    }

    double positiveDouble(String key, double dflt, String expected) {
      if (!has(key)) {
        return dflt;
      }
      double d = finiteDouble(key, expected);
      if (d <= 0) {
        throw bad(key, expected);
      }
      return d;
    }

    double nonNegativeDouble(String key, double dflt, String expected) {
      if (!has(key)) {
        return dflt;
      }
      double d = finiteDouble(key, expected);
      if (d < 0) {
        throw bad(key, expected);
      }
      return d;
    }

    long rangeLong(String key, long dflt, long min, long max) {
      if (!has(key)) {
        return dflt;
      }
      String expected = "a whole number within " + min + ".." + max;
      try {
        long l = Long.parseLong(text(key, "").strip());
        if (l >= min && l <= max) {
          return l;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, expected);
    }

    long nonNegativeLong(String key, long dflt, String expected) {
      if (!has(key)) {
        return dflt;
      }
      try {
        long l = Long.parseLong(text(key, "").strip());
        if (l >= 0) {
          return l;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, expected);
    }

    long positiveLong(String key, long dflt) {
      return has(key) ? rangeLong(key, dflt, 1, Long.MAX_VALUE / 1000) : dflt;
    }

    int port(String key, int dflt) {
      if (!has(key)) {
        return dflt;
      }
      try {
        int p = Integer.parseInt(text(key, "").strip());
        if (p >= 1 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, "a port within 1..65535");
    }

    boolean bool(String key, boolean dflt) {
      if (!has(key)) {
        return dflt;
      }
      return switch (text(key, "").strip().toLowerCase(Locale.ROOT)) {
        case "1", "true", "yes", "on" -> true;
        case "0", "false", "no", "off", "" -> false;
        default -> throw bad(key, "true or false (also 1/0, yes/no, on/off)");
      };
    }
  }
}
