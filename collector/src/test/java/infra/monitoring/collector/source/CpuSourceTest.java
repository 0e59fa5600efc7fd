package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CpuMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuSourceTest {

  @Test
  void percentBetweenTwoFixtureTicks() {
    CpuSource.Ticks t1 = CpuSource.parseStat(Fixtures.text("stat-tick1"));
    CpuSource.Ticks t2 = CpuSource.parseStat(Fixtures.text("stat-tick2"));
    // tick2 adds user 60, system 20, idle 110, iowait 10: 80 busy of 200.
    assertThat(t2.total() - t1.total()).isEqualTo(200);
    assertThat(CpuSource.percent(t1, t2)).isEqualTo(40.0);
  }

  @Test
  void noDeltaOrNoPreviousTickGivesNull() {
    CpuSource.Ticks t1 = CpuSource.parseStat(Fixtures.text("stat-tick1"));
    assertThat(CpuSource.percent(t1, t1)).isNull();
    assertThat(CpuSource.percent(null, t1)).isNull();
  }

  @Test
  void aggregateLineOnlyAndGarbageIsNull() {
    assertThat(CpuSource.parseStat("cpu0 1 2 3 4 5\n")).isNull();
    assertThat(CpuSource.parseStat("cpu  1 x 3 4 5\n")).isNull();
    assertThat(CpuSource.parseStat("cpu  10 0 5 80 5 0 0 0 0 0\n"))
        .isEqualTo(new CpuSource.Ticks(100, 85));
  }

  @Test
  void loadavgAndCpuinfo() {
    assertThat(CpuSource.parseLoadavg(Fixtures.text("proc/loadavg")))
        .containsExactly(1.23, 0.45, 0.06);
    assertThat(CpuSource.parseLoadavg("1.0 2.0\n")).isNull();
    assertThat(CpuSource.parseCpuinfoMhz("cpu MHz\t\t: 2000.0\nx\ncpu MHz\t\t: 3000.0\n"))
        .isEqualTo(2500.0);
    assertThat(CpuSource.parseCpuinfoMhz(Fixtures.text("proc/cpuinfo"))).isGreaterThan(100.0);
    assertThat(CpuSource.parseCpuinfoMhz("processor : 0\n")).isNull();
  }

  @Test
  void firstSampleIsTheBaselineAndLaterOnesCoverTheWholeInterval(@TempDir Path proc)
      throws Exception {
    Files.writeString(proc.resolve("stat"), "cpu  100 0 0 900 0 0 0 0 0 0\n");
    CpuSource cpu =
        new CpuSource(
            Fixtures.settings(Map.of("MONITORING_PATH_PROCFS", proc.toString())).sources().paths());
    // Work done between construction and the first sample (the JVM starting) is not reported.
    Files.writeString(proc.resolve("stat"), "cpu  200 0 0 900 0 0 0 0 0 0\n");
    Metrics first = new Metrics();
    cpu.sample(first);
    assertThat(first.get(CpuMetric.CPU_PERCENT)).isNull();

    Files.writeString(proc.resolve("stat"), "cpu  230 0 0 970 0 0 0 0 0 0\n");
    Metrics second = new Metrics();
    cpu.sample(second);
    assertThat(second.number(CpuMetric.CPU_PERCENT)).isEqualTo(30.0);
  }

  @Test
  void countsTheCpuLinesButNotTheAggregate() {
    assertThat(CpuSource.countCpus(Fixtures.text("node_exporter/proc/stat"))).isEqualTo(8);
    assertThat(CpuSource.countCpus("cpu  1 2 3 4\ncpu0 1 2 3 4\nintr 5\ncpufreq 1\n")).isEqualTo(1);
    assertThat(CpuSource.countCpus("")).isZero();
  }
}
