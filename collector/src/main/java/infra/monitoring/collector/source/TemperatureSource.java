package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.SensorMetric;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code temperature}: CPU temperature in °C, null when no sensor reports one (0, NaN or no
 * sensor). Read first from sysfs, the same hwmon and thermal-zone files OSHI's Linux sensors read
 * and with OSHI's preference order (hwmon chips coretemp, k10temp, zenpower, k8temp, via-cputemp,
 * acpitz; then thermal zones of type cpu-thermal, x86_pkg_temp, then any zone), through the
 * configured sysfs and without a thread. Only when sysfs has nothing, OSHI's {@code
 * getCpuTemperature()} is asked on a background thread (it may fork {@code vcgencmd}, and its
 * start-up costs ~140 ms CPU), from ten seconds after start so that the first records stay fast,
 * and at most every ten minutes while it has nothing either; OSHI is then configured with the same
 * procfs and sysfs.
 */
public final class TemperatureSource implements Source, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TemperatureSource.class);
  static final List<String> HWMON_PRIORITY =
      List.of("coretemp", "k10temp", "zenpower", "k8temp", "via-cputemp", "acpitz");
  static final List<String> ZONE_PRIORITY = List.of("cpu-thermal", "cpu_thermal", "x86_pkg_temp");
  private static final long OSHI_RETRY_NANOS = 600_000_000_000L;

  /** OSHI's first use costs ~140 ms CPU and a fork: kept away from start-up's first records. */
  static final long OSHI_START_DELAY_NANOS = 10_000_000_000L;

  /** One temperature reading found in sysfs: chip (hwmon name or zone type), label, °C. */
  record Reading(String chip, String label, double celsius, boolean zone) {}

  private final HostPaths paths;
  private final Callable<Double> fallback;
  private final LongSupplier clock;
  private final ProcReader reader = new ProcReader();
  private final AtomicBoolean oshiBusy = new AtomicBoolean();
  private ExecutorService oshiThread;
  private volatile Double oshiValue;
  private volatile long oshiEmptyAt = Long.MIN_VALUE;
  private volatile boolean oshiEmpty;
  private final long createdAt;

  public TemperatureSource(HostPaths paths) {
    this(paths, () -> OshiSensors.cpuTemperature(paths), System::nanoTime);
  }

  /**
   * @param fallback asked off-thread when sysfs has nothing (OSHI in production), or null
   */
  TemperatureSource(HostPaths paths, Callable<Double> fallback, LongSupplier clock) {
    this.paths = paths;
    this.fallback = fallback;
    this.clock = clock;
    this.createdAt = clock.getAsLong();
  }

  @Override
  public String name() {
    return "temperature";
  }

  @Override
  public void sample(Metrics into) {
    Double c = pick(readSysfs());
    if (c == null && fallback != null) {
      askOshi();
      c = oshiValue;
    }
    into.put(SensorMetric.TEMPERATURE, c);
  }

  private void askOshi() {
    if (clock.getAsLong() - createdAt < OSHI_START_DELAY_NANOS) {
      return;
    }
    if (oshiEmpty && clock.getAsLong() - oshiEmptyAt < OSHI_RETRY_NANOS) {
      return;
    }
    if (!oshiBusy.compareAndSet(false, true)) {
      return;
    }
    synchronized (this) {
      if (oshiThread == null) {
        oshiThread =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "temperature-oshi");
                  t.setDaemon(true);
                  return t;
                });
      }
      oshiThread.execute(
          () -> {
            try {
              Double v = valid(fallback.call());
              oshiValue = v;
              oshiEmpty = v == null;
              oshiEmptyAt = clock.getAsLong();
            } catch (Throwable t) {
              oshiEmpty = true;
              oshiEmptyAt = clock.getAsLong();
              LOG.debug("OSHI sensors: {}", t.toString());
            } finally {
              oshiBusy.set(false);
            }
          });
    }
  }

  /** Every hwmon {@code temp*_input} and thermal-zone {@code temp} under the configured sysfs. */
  List<Reading> readSysfs() {
    List<Reading> out = new ArrayList<>();
    for (Path hw : list(paths.sys("class/hwmon"), "hwmon", "")) {
      // Kernels before 3.x (and some drivers still) keep the name and sensor files in the
      // hwmon's device directory: node_exporter reads both places, and so does this.
      Path device = hw.resolve("device");
      String chip = strip(reader.readOrNull(hw.resolve("name")));
      if (chip == null) {
        chip = strip(reader.readOrNull(device.resolve("name")));
      }
      readHwmon(hw, chip, out);
      readHwmon(device, chip, out);
    }
    for (Path zone : list(paths.sys("class/thermal"), "thermal_zone", "")) {
      Double c = milliCelsius(reader.readOrNull(zone.resolve("temp")));
      if (c != null) {
        String type = strip(reader.readOrNull(zone.resolve("type")));
        out.add(new Reading(type, zone.getFileName().toString(), c, true));
      }
    }
    return out;
  }

  private void readHwmon(Path dir, String chip, List<Reading> out) {
    for (Path in : list(dir, "temp", "_input")) {
      Double c = milliCelsius(reader.readOrNull(in));
      if (c != null) {
        String base = in.getFileName().toString().replace("_input", "");
        String label = strip(reader.readOrNull(dir.resolve(base + "_label")));
        out.add(new Reading(chip, label == null ? base : label, c, false));
      }
    }
  }

  /** The CPU temperature among sysfs readings, in OSHI's preference order; null when none. */
  static Double pick(List<Reading> readings) {
    for (String chip : HWMON_PRIORITY) {
      List<Reading> ofChip =
          readings.stream().filter(r -> !r.zone() && chip.equals(r.chip())).toList();
      if (!ofChip.isEmpty()) {
        // A package or die sensor describes the whole CPU; else the hottest core.
        return ofChip.stream()
            .filter(r -> isPackageLabel(r.label()))
            .findFirst()
            .or(() -> ofChip.stream().max(Comparator.comparingDouble(Reading::celsius)))
            .map(Reading::celsius)
            .orElse(null);
      }
    }
    for (String type : ZONE_PRIORITY) {
      for (Reading r : readings) {
        if (r.zone() && type.equals(r.chip())) {
          return r.celsius();
        }
      }
    }
    return readings.stream().filter(Reading::zone).findFirst().map(Reading::celsius).orElse(null);
  }

  /**
   * The whole-CPU sensor's label: coretemp's "Package id N" ("Physical id N" before Linux 3.x),
   * k10temp's Tctl and Tdie.
   */
  static boolean isPackageLabel(String label) {
    String l = label.toLowerCase(Locale.ROOT);
    return l.startsWith("package")
        || l.startsWith("physical id")
        || l.equals("tctl")
        || l.equals("tdie");
  }

  /** A sysfs millidegree value to °C; null for garbage, 0 and implausible values. */
  static Double milliCelsius(String text) {
    Long v = text == null ? null : Parse.longOrNull(text);
    return v == null ? null : valid(v / 1000.0);
  }

  static Double valid(Double c) {
    return c == null || !Double.isFinite(c) || c <= 0 || c > 150 ? null : c;
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }

  /** Entries named {@code prefix...suffix} (a plain filter: a glob would compile a regex). */
  private static List<Path> list(Path dir, String prefix, String suffix) {
    List<Path> out = new ArrayList<>();
    DirectoryStream.Filter<Path> filter =
        p -> {
          String n = p.getFileName().toString();
          return n.startsWith(prefix) && n.endsWith(suffix);
        };
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, filter)) {
      ds.forEach(out::add);
    } catch (IOException | SecurityException e) {
      return out; // no such class on this machine
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  @Override
  public synchronized void close() {
    if (oshiThread != null) {
      oshiThread.shutdownNow();
    }
  }
}
