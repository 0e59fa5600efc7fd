package infra.monitoring.collector;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The record's {@code host}: the configured name ({@code MONITORING_HOST}), else the host's {@code
 * /etc/hostname} under the root file system when one is mounted (a container watching its host),
 * else this system's name. Looked up once: a resolver call per sample could block.
 */
final class HostName {
  private HostName() {}

  static String resolve(String configured, Path rootfs) {
    if (configured != null && !configured.isBlank()) {
      return configured.strip();
    }
    if (rootfs != null) {
      String fromFile = firstLine(rootfs.resolve("etc/hostname"));
      if (fromFile != null) {
        return fromFile;
      }
    }
    String kernel = firstLine(Path.of("/proc/sys/kernel/hostname"));
    if (kernel != null) {
      return kernel;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }

  static String firstLine(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      int nl = s.indexOf('\n');
      s = nl >= 0 ? s.substring(0, nl).strip() : s;
      return s.isEmpty() ? null : s;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
