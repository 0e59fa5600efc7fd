package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Probes against loopback only: a local listening socket and a closed local port. */
class ProbeSourceTest {

  private static Metrics waitFor(ProbeSource src, Predicate<Metrics> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Metrics m = new Metrics();
      src.sample(m);
      if (done.test(m) || System.nanoTime() > deadline) {
        return m;
      }
      Thread.sleep(20);
    }
  }

  private static ProbeSource probes(List<ProbeTarget> targets, ProbeSource.Pinger pinger) {
    return new ProbeSource(
        targets, 5, 5, 1, pinger, t -> ProbeSource.tcpConnectMs(t, 1), System::nanoTime);
  }

  private static ServerSocket listen() throws Exception {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  @Test
  void tcpLatencyToALocalListenerAndNullForAClosedPort() throws Exception {
    int closed;
    try (ServerSocket s = listen()) {
      closed = s.getLocalPort();
    }
    try (ServerSocket server = listen();
        ProbeSource src =
            probes(
                List.of(
                    new ProbeTarget("127.0.0.1", server.getLocalPort()),
                    new ProbeTarget("127.0.0.1", closed)),
                t -> PingResult.UNAVAILABLE)) {
      Metrics m =
          waitFor(
              src,
              x ->
                  x.rows(RecordList.PROBES).stream()
                          .allMatch(p -> p.get(ProbeMetric.PROBE_OK) != null)
                      && x.rows(RecordList.PROBES).get(0).text(ProbeMetric.PROBE_METHOD) != null);
      Metrics.Row open = m.rows(RecordList.PROBES).get(0);
      assertThat(open.id()).isEqualTo("127.0.0.1:" + server.getLocalPort());
      assertThat(open.number(ProbeMetric.PROBE_LATENCY_MS))
          .isNotNull()
          .isGreaterThan(0.0)
          .isLessThan(1000.0);
      // No ICMP: the TCP connect time stands in for ping, and the record says so.
      assertThat(open.number(ProbeMetric.PROBE_PING_MS))
          .isEqualTo(open.number(ProbeMetric.PROBE_LATENCY_MS));
      assertThat(open.text(ProbeMetric.PROBE_METHOD)).isEqualTo("tcp");
      assertThat(open.number(ProbeMetric.PROBE_LOSS_PERCENT)).isNull();
      assertThat(m.number(ProbeMetric.LATENCY_MS))
          .isEqualTo(open.number(ProbeMetric.PROBE_LATENCY_MS));
      assertThat(m.text(ProbeMetric.LATENCY_METHOD)).isEqualTo("tcp");
      assertThat(m.bool(ProbeMetric.LATENCY_ESTIMATED)).isTrue();
      assertThat(open.bool(ProbeMetric.PROBE_OK)).isTrue();
      Metrics.Row dead = m.rows(RecordList.PROBES).get(1);
      assertThat(dead.number(ProbeMetric.PROBE_LATENCY_MS)).isNull();
      assertThat(dead.number(ProbeMetric.PROBE_PING_MS)).isNull();
      // Down is a value: the closed port's row says ok=false instead of leaving it out.
      assertThat(dead.bool(ProbeMetric.PROBE_OK)).isFalse();
    }
  }

  @Test
  void icmpResultsWithTcpLatency() throws Exception {
    try (ServerSocket server = listen();
        ProbeSource src =
            probes(
                List.of(new ProbeTarget("127.0.0.1", server.getLocalPort())),
                t -> new PingResult(PingResult.Status.OK, 0.042, 0.0))) {
      Metrics m =
          waitFor(
              src,
              x -> x.get(ProbeMetric.PING_MS) != null && x.get(ProbeMetric.LATENCY_MS) != null);
      assertThat(m.number(ProbeMetric.PING_MS)).isEqualTo(0.042);
      assertThat(m.number(ProbeMetric.PING_LOSS_PERCENT)).isEqualTo(0.0);
      assertThat(m.text(ProbeMetric.LATENCY_METHOD)).isEqualTo("icmp");
      assertThat(m.bool(ProbeMetric.LATENCY_ESTIMATED)).isFalse();
      assertThat(m.number(ProbeMetric.LATENCY_MS)).isPositive();
    }
  }

  @Test
  void aTargetAnsweringPingWithItsPortClosedIsDown() throws Exception {
    int closed;
    try (ServerSocket s = listen()) {
      closed = s.getLocalPort();
    }
    try (ProbeSource src =
        probes(
            List.of(new ProbeTarget("127.0.0.1", closed)),
            t -> new PingResult(PingResult.Status.OK, 0.05, 0.0))) {
      Metrics m =
          waitFor(
              src,
              x ->
                  x.get(ProbeMetric.PING_MS) != null
                      && x.rows(RecordList.PROBES).get(0).get(ProbeMetric.PROBE_OK) != null);
      Metrics.Row row = m.rows(RecordList.PROBES).get(0);
      assertThat(row.text(ProbeMetric.PROBE_METHOD)).isEqualTo("icmp");
      assertThat(row.number(ProbeMetric.PROBE_PING_MS)).isEqualTo(0.05);
      assertThat(row.bool(ProbeMetric.PROBE_OK)).isFalse();
    }
  }

  @Test
  void noResultYetMeansNoSuccessValue() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (ProbeSource src =
        new ProbeSource(
            List.of(new ProbeTarget("127.0.0.1", 9)),
            5,
            5,
            1,
            t -> {
              release.await();
              return PingResult.NO_REPLY;
            },
            t -> {
              release.await();
              return 1.0;
            },
            System::nanoTime)) {
      Metrics m = new Metrics();
      src.sample(m);
      assertThat(m.rows(RecordList.PROBES).get(0).get(ProbeMetric.PROBE_OK)).isNull();
    } finally {
      release.countDown();
    }
  }

  @Test
  void noReplyGivesNullPingAndLoss100() throws Exception {
    try (ProbeSource src =
        probes(List.of(new ProbeTarget("127.0.0.1", 9)), t -> PingResult.NO_REPLY)) {
      Metrics m = waitFor(src, x -> x.get(ProbeMetric.LATENCY_METHOD) != null);
      assertThat(m.get(ProbeMetric.PING_MS)).isNull();
      assertThat(m.number(ProbeMetric.PING_LOSS_PERCENT)).isEqualTo(100.0);
      assertThat(m.text(ProbeMetric.LATENCY_METHOD)).isEqualTo("icmp");
    }
  }

  @Test
  void aHangingProbeNeverDelaysTheSample() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (ProbeSource src =
        new ProbeSource(
            List.of(new ProbeTarget("127.0.0.1", 9)),
            5,
            5,
            1,
            t -> {
              started.countDown();
              release.await();
              return PingResult.NO_REPLY;
            },
            t -> {
              release.await();
              return null;
            },
            System::nanoTime)) {
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      // Both probes are blocked until release: a sample that waited for them would never return.
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            for (int i = 0; i < 20; i++) {
              Metrics m = new Metrics();
              src.sample(m);
              assertThat(m.get(ProbeMetric.PING_MS)).isNull();
              assertThat(m.rows(RecordList.PROBES)).hasSize(1);
            }
          });
    } finally {
      release.countDown();
    }
  }

  @Test
  void aProbeThatThrowsAnErrorIsRunAgainNextInterval() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ProbeSource src =
        new ProbeSource(
            List.of(new ProbeTarget("127.0.0.1", 9)),
            0.05,
            0.05,
            1,
            t -> {
              if (calls.incrementAndGet() == 1) {
                throw new AssertionError("a bug in a probe");
              }
              return new PingResult(PingResult.Status.OK, 3.0, 0.0);
            },
            t -> 1.0,
            System::nanoTime)) {
      Metrics m = waitFor(src, x -> x.get(ProbeMetric.PING_MS) != null);
      assertThat(m.number(ProbeMetric.PING_MS)).isEqualTo(3.0);
      assertThat(calls.get()).isGreaterThan(1);
    }
  }

  @Test
  void staleResultsAreDropped() throws Exception {
    AtomicLong clock = new AtomicLong();
    try (ProbeSource src =
        new ProbeSource(
            List.of(new ProbeTarget("127.0.0.1", 9)),
            5,
            5,
            1,
            t -> new PingResult(PingResult.Status.OK, 1.0, 0.0),
            t -> 2.0,
            clock::get)) {
      Metrics fresh = waitFor(src, x -> x.get(ProbeMetric.PING_MS) != null);
      assertThat(fresh.number(ProbeMetric.PING_MS)).isEqualTo(1.0);
      // The probe threads have stopped reporting (the clock alone moves): after two intervals
      // plus the time-out, the old result is no longer served.
      clock.addAndGet(TimeUnit.SECONDS.toNanos(60));
      Metrics stale = new Metrics();
      src.sample(stale);
      assertThat(stale.get(ProbeMetric.PING_MS)).isNull();
      assertThat(stale.get(ProbeMetric.LATENCY_MS)).isNull();
    }
  }

  @Test
  void noTargetsMeansNullKeysAndNoThreads() {
    var s = Fixtures.settings(Map.of());
    try (ProbeSource src = ProbeSource.create(s.probes(), s.sources())) {
      Metrics m = new Metrics();
      src.sample(m);
      assertThat(m.rows(RecordList.PROBES)).isEmpty();
      assertThat(m.get(ProbeMetric.PING_MS)).isNull();
      assertThat(m.get(ProbeMetric.LATENCY_ESTIMATED)).isNull();
    }
  }

  @Test
  void realProbeOfALocalListener() throws Exception {
    try (ServerSocket server = listen()) {
      var s =
          Fixtures.settings(
              Map.of("MONITORING_PROBE_TARGETS", "127.0.0.1:" + server.getLocalPort()));
      try (ProbeSource src = ProbeSource.create(s.probes(), s.sources())) {
        Metrics m =
            waitFor(
                src,
                x -> x.get(ProbeMetric.PING_MS) != null && x.get(ProbeMetric.LATENCY_MS) != null);
        assertThat(m.number(ProbeMetric.LATENCY_MS)).isPositive();
        assertThat(m.number(ProbeMetric.PING_MS)).isPositive();
        assertThat(m.text(ProbeMetric.LATENCY_METHOD)).isIn("icmp", "tcp");
      }
    }
  }
}
