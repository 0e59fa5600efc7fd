package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.SensorMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemperatureSourceTest {

  private static HostPaths sysfs(Path sys) {
    return new HostPaths(Path.of("/proc"), sys, null);
  }

  @Test
  void readsHwmonAndThermalZonesOfTheConfiguredSysfs() {
    var src = new TemperatureSource(sysfs(Fixtures.path("sys")), null, () -> 0);
    List<TemperatureSource.Reading> r = src.readSysfs();
    assertThat(r)
        .extracting(TemperatureSource.Reading::chip)
        .containsExactly("nvme", "coretemp", "coretemp", "acpitz", "x86_pkg_temp");
    Metrics m = new Metrics();
    src.sample(m);
    // coretemp's package sensor wins over the hotter core, the NVMe drive and the zones.
    assertThat(m.number(SensorMetric.TEMPERATURE)).isEqualTo(52.0);
  }

  @Test
  void preferenceOrder() {
    var zoneOnly =
        List.of(
            new TemperatureSource.Reading("acpitz", "thermal_zone0", 27.8, true),
            new TemperatureSource.Reading("x86_pkg_temp", "thermal_zone1", 51.0, true));
    assertThat(TemperatureSource.pick(zoneOnly)).isEqualTo(51.0);
    var coresOnly =
        List.of(
            new TemperatureSource.Reading("k10temp", "temp1", 48.0, false),
            new TemperatureSource.Reading("k10temp", "temp2", 61.0, false));
    assertThat(TemperatureSource.pick(coresOnly)).isEqualTo(61.0);
    var nvmeOnly = List.of(new TemperatureSource.Reading("nvme", "Composite", 41.8, false));
    assertThat(TemperatureSource.pick(nvmeOnly)).isNull();
  }

  @Test
  void olderCoretempPackageLabelPhysicalIdWinsOverAHotterCore() {
    var cores =
        List.of(
            new TemperatureSource.Reading("coretemp", "Core 0", 61.0, false),
            new TemperatureSource.Reading("coretemp", "Physical id 0", 55.0, false));
    assertThat(TemperatureSource.pick(cores)).isEqualTo(55.0);
  }

  @Test
  void sensorsInTheHwmonDeviceDirectoryAreRead(@TempDir Path sys) throws Exception {
    // Older kernels: name and temp files under hwmonN/device, as node_exporter also reads them.
    Path device = Files.createDirectories(sys.resolve("class/hwmon/hwmon0/device"));
    Files.writeString(device.resolve("name"), "coretemp\n");
    Files.writeString(device.resolve("temp1_input"), "48000\n");
    Files.writeString(device.resolve("temp1_label"), "Physical id 0\n");
    Files.writeString(device.resolve("temp2_input"), "61000\n");
    Files.writeString(device.resolve("temp2_label"), "Core 0\n");
    var src = new TemperatureSource(sysfs(sys), null, () -> 0);
    Metrics m = new Metrics();
    src.sample(m);
    assertThat(m.number(SensorMetric.TEMPERATURE)).isEqualTo(48.0);
  }

  @Test
  void oshiIsAskedOffThreadOnlyWhenSysfsHasNothingAndNotAtStartUp() throws Exception {
    AtomicLong clock = new AtomicLong();
    AtomicInteger calls = new AtomicInteger();
    try (var src =
        new TemperatureSource(
            sysfs(Path.of("/nonexistent")),
            () -> {
              calls.incrementAndGet();
              return 47.5;
            },
            clock::get)) {
      Metrics early = new Metrics();
      src.sample(early);
      assertThat(early.get(SensorMetric.TEMPERATURE)).isNull();
      assertThat(calls.get()).isZero();
      clock.addAndGet(TemperatureSource.OSHI_START_DELAY_NANOS);
      Double v = null;
      for (int i = 0; i < 500 && v == null; i++) {
        Metrics m = new Metrics();
        src.sample(m);
        v = m.number(SensorMetric.TEMPERATURE);
        Thread.sleep(10);
      }
      assertThat(v).isEqualTo(47.5);
    }
    try (var withSensors =
        new TemperatureSource(
            sysfs(Fixtures.path("sys")),
            () -> {
              throw new AssertionError("sysfs had a value");
            },
            () -> TemperatureSource.OSHI_START_DELAY_NANOS * 2)) {
      Metrics m = new Metrics();
      withSensors.sample(m);
      assertThat(m.number(SensorMetric.TEMPERATURE)).isEqualTo(52.0);
    }
  }

  @Test
  void zeroGarbageAndNoSensorsGiveNull() {
    assertThat(TemperatureSource.milliCelsius("0\n")).isNull();
    assertThat(TemperatureSource.milliCelsius("abc")).isNull();
    assertThat(TemperatureSource.milliCelsius("45500\n")).isEqualTo(45.5);
    assertThat(TemperatureSource.valid(Double.NaN)).isNull();
    Metrics m = new Metrics();
    new TemperatureSource(sysfs(Path.of("/nonexistent")), null, () -> 0).sample(m);
    assertThat(m.get(SensorMetric.TEMPERATURE)).isNull();
  }
}
