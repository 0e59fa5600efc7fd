package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.SystemMetric;
import org.junit.jupiter.api.Test;

class TimexSourceTest {
  private static final int STA_PLL = 0x0001;
  private static final int STA_UNSYNC = 0x0040;

  @Test
  void offsetInMicrosecondsUnlessTheStatusSaysNanosecondsAsNodeExporterDivides() {
    Metrics micro = TimexSource.values(new Libc.Clock(0, STA_PLL, -1234, 25_500));
    assertThat(micro.number(SystemMetric.TIMEX_OFFSET_SECONDS)).isEqualTo(-0.001234);
    assertThat(micro.number(SystemMetric.TIMEX_MAXERROR_SECONDS)).isEqualTo(0.0255);
    assertThat(micro.bool(SystemMetric.TIMEX_SYNC)).isTrue();
    Metrics nano =
        TimexSource.values(new Libc.Clock(0, STA_PLL | TimexSource.STA_NANO, 60_000_000, 1));
    assertThat(nano.number(SystemMetric.TIMEX_OFFSET_SECONDS)).isEqualTo(0.06);
  }

  @Test
  void timeErrorIsAnUnsynchronisedClock() {
    // An idle VM without an NTP daemon: STA_UNSYNC set, maxerror grown to 16 s.
    Metrics m =
        TimexSource.values(new Libc.Clock(TimexSource.TIME_ERROR, STA_UNSYNC, 0, 16_000_000));
    assertThat(m.bool(SystemMetric.TIMEX_SYNC)).isFalse();
    assertThat(m.number(SystemMetric.TIMEX_MAXERROR_SECONDS)).isEqualTo(16.0);
  }

  @Test
  void thisKernelAnswersThroughJna() throws Exception {
    Libc.Clock c = Libc.adjtimex();
    assertThat(c.state()).isBetween(0, 5);
    assertThat(c.maxerror()).isNotNegative();
  }
}
