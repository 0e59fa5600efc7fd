package infra.monitoring.exporter;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The values behind the Python original's {@code process_*} names, served with {@code
 * MONITORING_EXPORTER_LEGACY_NAMES=true}: they describe the exporter's own process, as in the
 * original (whose /metrics server measured itself). The record-derived legacy names are declared
 * with each {@code Metric} ({@link RecordFamilies#LEGACY}). Sentinels are gone: an unavailable
 * value is an absent series, not 0 or -1.
 */
final class LegacyNames {

  private LegacyNames() {}

  /** {@code process_*} values of this process, read at scrape time. */
  record ProcessValues(Double rssBytes, double threads, Double fds, double uptimeSeconds) {}

  static ProcessValues process() {
    Double fds = null;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean u) {
      fds = (double) u.getOpenFileDescriptorCount();
    }
    return new ProcessValues(
        rssBytes(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        fds,
        ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
  }

  private static Double rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Double.parseDouble(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc unavailable: the series is absent.
    }
    return null;
  }
}
