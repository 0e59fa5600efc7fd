package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.SystemMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PressureSourceTest {

  @Test
  void totalsOfTheSomeAndFullLines() {
    String io = Fixtures.text("node_exporter/proc/pressure/io");
    assertThat(PressureSource.total(io, "some")).isEqualTo(159886802L);
    assertThat(PressureSource.total(io, "full")).isEqualTo(159229614L);
    assertThat(PressureSource.total(Fixtures.text("node_exporter/proc/pressure/cpu"), "full"))
        .isNull();
    assertThat(PressureSource.total("some avg10=0.00 total=x\n", "some")).isNull();
  }

  @Test
  void aKernelWithoutPsiGivesNullsAndTheSourceSucceeds(@TempDir Path proc) throws Exception {
    Metrics m = new Metrics();
    new PressureSource(new HostPaths(proc, proc, null)).sample(m);
    assertThat(m.get(SystemMetric.PSI_CPU_SOME_USEC)).isNull();
    assertThat(m.get(SystemMetric.PSI_IO_FULL_USEC)).isNull();
  }

  @Test
  void cpuFullOfNewerKernelsIsNotTakenAsNodeExporter15Does(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("pressure"));
    Files.writeString(
        proc.resolve("pressure/cpu"),
        "some avg10=1.00 avg60=0.00 avg300=0.00 total=42\nfull avg10=0.00 avg60=0.00 avg300=0.00"
            + " total=7\n");
    Metrics m = new Metrics();
    new PressureSource(new HostPaths(proc, proc, null)).sample(m);
    assertThat(m.integer(SystemMetric.PSI_CPU_SOME_USEC)).isEqualTo(42);
    assertThat(m.get(SystemMetric.PSI_MEMORY_SOME_USEC)).isNull();
  }
}
