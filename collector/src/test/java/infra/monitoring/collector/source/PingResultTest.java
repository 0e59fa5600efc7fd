package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.source.PingResult.Status;
import org.junit.jupiter.api.Test;

class PingResultTest {

  private static PingResult parse(String fixture) {
    return PingResult.parse(Fixtures.text("ping/" + fixture));
  }

  @Test
  void iputilsSuccessGivesMeanRttAndZeroLoss() {
    PingResult r = parse("iputils-ok.txt");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.avgMs()).isEqualTo(0.031);
    assertThat(r.lossPercent()).isEqualTo(0.0);
  }

  @Test
  void iputilsPartialLoss() {
    PingResult r = parse("iputils-partial-loss.txt");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.avgMs()).isEqualTo(13.3);
    assertThat(r.lossPercent()).isEqualTo(33.3333);
  }

  @Test
  void totalLossIsNoReplyWithLoss100() {
    assertThat(parse("iputils-total-loss.txt")).isEqualTo(PingResult.NO_REPLY);
    assertThat(parse("iputils-errors.txt")).isEqualTo(PingResult.NO_REPLY);
    assertThat(parse("busybox-total-loss.txt")).isEqualTo(PingResult.NO_REPLY);
    assertThat(PingResult.NO_REPLY.lossPercent()).isEqualTo(100.0);
    assertThat(PingResult.NO_REPLY.avgMs()).isNull();
  }

  @Test
  void unknownHost() {
    assertThat(parse("iputils-unknown-host.txt").status()).isEqualTo(Status.UNKNOWN_HOST);
    assertThat(parse("busybox-unknown-host.txt").status()).isEqualTo(Status.UNKNOWN_HOST);
  }

  @Test
  void busyboxSuccess() {
    PingResult r = parse("busybox-ok.txt");
    assertThat(r.status()).isEqualTo(Status.OK);
    assertThat(r.avgMs()).isEqualTo(0.071);
    assertThat(r.lossPercent()).isEqualTo(0.0);
  }

  @Test
  void notPermittedOrUsageMeansIcmpUnavailable() {
    assertThat(parse("iputils-not-permitted.txt").status()).isEqualTo(Status.UNAVAILABLE);
    assertThat(parse("busybox-usage.txt").status()).isEqualTo(Status.UNAVAILABLE);
  }

  @Test
  void otherErrorsAreFailures() {
    assertThat(PingResult.parse("ping: connect: Network is unreachable\n").status())
        .isEqualTo(Status.FAILED);
    assertThat(PingResult.parse("").status()).isEqualTo(Status.FAILED);
  }

  @Test
  void commandHasSeveralPacketsAndTimeouts() {
    SystemPing p = new SystemPing(1.5);
    assertThat(p.command("127.0.0.1"))
        .containsExactly("ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "-w", "3", "127.0.0.1");
  }

  @Test
  void systemPingOfLoopbackWhenPingWorksHere() throws Exception {
    PingResult r = new SystemPing(1).ping(new ProbeTarget("127.0.0.1", 80));
    // Environment-dependent: either ICMP works and loopback answers, or it is reported unavailable.
    assertThat(r.status()).isIn(Status.OK, Status.UNAVAILABLE);
    if (r.status() == Status.OK) {
      assertThat(r.avgMs()).isGreaterThan(0.0).isLessThan(100.0);
      assertThat(r.lossPercent()).isEqualTo(0.0);
    }
  }
}
