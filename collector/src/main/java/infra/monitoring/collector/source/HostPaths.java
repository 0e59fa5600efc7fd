package infra.monitoring.collector.source;

import java.nio.file.Path;

/**
 * Where the sources find the host's {@code /proc}, {@code /sys} and root filesystem: the system's
 * own by default, or the mounts named by {@code MONITORING_PATH_PROCFS/SYSFS/ROOTFS} (as
 * node_exporter's {@code --path.procfs}, {@code --path.sysfs} and {@code --path.rootfs}).
 */
public record HostPaths(Path procfs, Path sysfs, Path rootfs) {

  /** This system's own paths. */
  public static final HostPaths SYSTEM = new HostPaths(Path.of("/proc"), Path.of("/sys"), null);

  /** A file under procfs, for example {@code proc("stat")}. */
  public Path proc(String relative) {
    return procfs.resolve(relative);
  }

  public Path sys(String relative) {
    return sysfs.resolve(relative);
  }

  /** True when procfs is not this system's own {@code /proc} (a host view from a container). */
  public boolean hostProc() {
    return !procfs.equals(Path.of("/proc"));
  }

  /** An absolute host path (a mount point) resolved under rootfs when one is set. */
  public Path root(String absolute) {
    if (rootfs == null) {
      return Path.of(absolute);
    }
    String rel = absolute.startsWith("/") ? absolute.substring(1) : absolute;
    return rel.isEmpty() ? rootfs : rootfs.resolve(rel);
  }
}
