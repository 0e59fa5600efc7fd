package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import oshi.util.GlobalConfig;

/** OSHI reads the configured host view: here the fixture sysfs with a coretemp chip. */
class OshiSensorsTest {

  @Test
  void oshiIsPointedAtTheConfiguredProcAndSys() {
    HostPaths paths = new HostPaths(Fixtures.path("proc"), Fixtures.path("sys"), null);
    double c = OshiSensors.cpuTemperature(paths);
    assertThat(GlobalConfig.get("oshi.util.sys.path")).isEqualTo(Fixtures.path("sys").toString());
    assertThat(GlobalConfig.get("oshi.util.proc.path")).isEqualTo(Fixtures.path("proc").toString());
    assertThat(c).isEqualTo(52.0);
  }
}
