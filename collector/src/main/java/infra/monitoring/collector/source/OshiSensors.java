package infra.monitoring.collector.source;

import oshi.SystemInfo;
import oshi.hardware.Sensors;
import oshi.util.GlobalConfig;

/**
 * OSHI, set up lazily and once: its proc and sys paths are pointed at the configured host view
 * before its first use (OSHI reads them into constants when its path classes load).
 */
final class OshiSensors {
  private static Sensors sensors;

  private OshiSensors() {}

  static synchronized double cpuTemperature(HostPaths paths) {
    if (sensors == null) {
      GlobalConfig.set("oshi.util.proc.path", paths.procfs().toString());
      GlobalConfig.set("oshi.util.sys.path", paths.sysfs().toString());
      sensors = new SystemInfo().getHardware().getSensors();
    }
    return sensors.getCpuTemperature();
  }
}
