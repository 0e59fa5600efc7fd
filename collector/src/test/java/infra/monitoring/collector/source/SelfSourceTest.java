package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import org.junit.jupiter.api.Test;

class SelfSourceTest {

  @Test
  void rssFromStatus() {
    String status = Fixtures.text("self/status");
    String kb = status.lines().filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
    long expected = Long.parseLong(kb.replaceAll("\\D", "")) * 1024;
    assertThat(SelfSource.parseRssBytes(status)).isEqualTo(expected);
    assertThat(SelfSource.parseRssBytes("Name: x\n")).isNull();
  }

  @Test
  void cpuSecondsFromStatEvenWithParenthesesInTheName() {
    // utime 1234 + stime 567 clock ticks at 100 Hz.
    assertThat(SelfSource.parseCpuSeconds(Fixtures.text("self/stat"))).isEqualTo(18.01);
    assertThat(SelfSource.parseCpuSeconds("garbage")).isNull();
  }

  @Test
  void fillsTheCollectorBlock() throws Exception {
    Metrics m = new Metrics();
    new SelfSource().sample(m);
    assertThat(m.number(CollectorMetric.COLLECTOR_CPU_SECONDS)).isPositive();
    assertThat(m.integer(CollectorMetric.COLLECTOR_RSS_BYTES)).isGreaterThan(1L << 20);
  }
}
