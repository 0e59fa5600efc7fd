package infra.monitoring.collector.source;

import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the sources read the host, and how often each runs.
 *
 * @param paths the host's /proc, /sys and root ({@code MONITORING_PATH_PROCFS/SYSFS/ROOTFS})
 * @param diskMount mount point the top-level {@code disk_*} keys describe ({@code
 *     MONITORING_DISK_MOUNT})
 * @param intervals seconds between runs per interval name ({@code
 *     MONITORING_METRIC_INTERVAL_<NAME>}; names and defaults in {@link
 *     SourceRegistry#DEFAULT_INTERVALS})
 */
public record SourceSettings(HostPaths paths, String diskMount, Map<String, Double> intervals) {
  private static final String HOST_MOUNT = "an existing directory (the host's mount)";
  private static final String INTERVAL_PREFIX = "MONITORING_METRIC_INTERVAL_";

  /**
   * The shortest interval accepted, for records ({@code MONITORING_INTERVAL_SEC}) and for each
   * source: the scheduler sleeps in whole nanoseconds and runs a sample in about a millisecond, so
   * below this a "sample" is a busy loop writing the disk full.
   */
  public static final double MIN_INTERVAL_SEC = 0.001;

  /** What an interval setting expects, for messages. */
  public static final String MIN_INTERVAL_EXPECTED = "a number of seconds ≥ 0.001 (1 ms)";

  public SourceSettings {
    intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
  }

  /** This system's paths, the root mount and the default intervals. */
  public static SourceSettings defaults() {
    return new SourceSettings(HostPaths.SYSTEM, "/", SourceRegistry.DEFAULT_INTERVALS);
  }

  public static SourceSettings load(SettingsReader s) {
    Path procfs = s.existingDirectory("MONITORING_PATH_PROCFS", HOST_MOUNT);
    Path sysfs = s.existingDirectory("MONITORING_PATH_SYSFS", HOST_MOUNT);
    Path rootfs = s.existingDirectory("MONITORING_PATH_ROOTFS", HOST_MOUNT);
    HostPaths paths =
        new HostPaths(
            procfs != null ? procfs : HostPaths.SYSTEM.procfs(),
            sysfs != null ? sysfs : HostPaths.SYSTEM.sysfs(),
            rootfs);
    String diskMount = s.text("MONITORING_DISK_MOUNT", "/");
    if (!diskMount.startsWith("/")) {
      throw s.bad("MONITORING_DISK_MOUNT", "an absolute mount point such as /");
    }
    return new SourceSettings(paths, diskMount, intervals(s));
  }

  private static Map<String, Double> intervals(SettingsReader s) {
    Map<String, Double> out = new LinkedHashMap<>(SourceRegistry.DEFAULT_INTERVALS);
    for (String key : s.keysMatching(INTERVAL_PREFIX + "*")) {
      String name = key.substring(INTERVAL_PREFIX.length()).toLowerCase(Locale.ROOT);
      if (!out.containsKey(name)) {
        throw new ConfigException(
            s.origin(key)
                + ": no such source '"
                + name
                + "'; expected one of "
                + String.join(", ", SourceRegistry.DEFAULT_INTERVALS.keySet())
                    .toUpperCase(Locale.ROOT));
      }
      out.put(name, s.atLeast(key, 1.0, MIN_INTERVAL_SEC, MIN_INTERVAL_EXPECTED));
    }
    return out;
  }

  /** Seconds between runs for an interval name ({@code cpu}, {@code ping}, ...). */
  public double interval(String name) {
    Double v = intervals.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no interval named " + name);
    }
    return v;
  }
}
