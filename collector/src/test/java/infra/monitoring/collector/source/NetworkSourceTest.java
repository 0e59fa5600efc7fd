package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkSourceTest {
  private static final long SEC = 1_000_000_000L;

  @Test
  void parsesEveryInterfaceIncludingLoopback() {
    List<NetworkSource.Counters> c = NetworkSource.parseNetDev(Fixtures.text("net/dev-tick1"));
    assertThat(c)
        .containsExactly(
            new NetworkSource.Counters("lo", 500000, 500000, 4000, 4000, 0, 0, 0, 0),
            new NetworkSource.Counters("eth0", 158889954, 396360, 104563, 3369, 0, 0, 0, 0),
            new NetworkSource.Counters("wlan0", 9000000, 4000000, 7000, 3000, 0, 0, 0, 0));
  }

  @Test
  void theNameEndsAtTheLastColonAndIsUtf8() {
    // Names of node_exporter's fixture proc/net/dev; the first line's errors and drops set here.
    String text =
        "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n"
            + "ibr10:30:       7       1    2    3    0     0          0         0        9"
            + "       4    5    6    0     0       0          0\n"
            + " \uD83D\uDCA90: 57750104  105557    0    0    0     0          0        72 404570255"
            + "  304261    0    0    0     0       0          0\n";
    assertThat(NetworkSource.parseNetDev(text))
        .containsExactly(
            new NetworkSource.Counters("ibr10:30", 7, 9, 1, 4, 2, 5, 3, 6),
            new NetworkSource.Counters(
                "\uD83D\uDCA90", 57750104, 404570255, 105557, 304261, 0, 0, 0, 0));
  }

  @Test
  void aLineWithoutTheTransmitDropColumnIsLeftOut() {
    String text = "  eth0: 1 2 3 4 5 6 7 8 9 10 11\n    lo: 1 2 3 4 5 6 7 8 9 10 11 12\n";
    assertThat(NetworkSource.parseNetDev(text))
        .extracting(NetworkSource.Counters::name)
        .containsExactly("lo");
  }

  @Test
  void aTableWithoutInterfacesIsAFailureNotAnEmptyList(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("net"));
    Files.writeString(proc.resolve("net/dev"), "Inter-|   Receive\n face |bytes\n");
    NetworkSource n = new NetworkSource(new HostPaths(proc, Path.of("/sys"), null));
    assertThatThrownBy(() -> n.sample(new Metrics())).hasMessageContaining("no interface lines");
  }

  @Test
  void ratesOverOwnIntervalWithCounterResetAndNewInterface() {
    NetworkSource src = new NetworkSource(HostPaths.SYSTEM, () -> 0);
    Metrics first = new Metrics();
    src.fill(NetworkSource.parseNetDev(Fixtures.text("net/dev-tick1")), 10 * SEC, first);
    assertThat(first.get(NetworkMetric.NET_IN_MBPS)).as("no rate before a second reading").isNull();
    assertThat(first.integer(NetworkMetric.BYTES_RECV)).isEqualTo(500000L + 158889954L + 9000000L);

    Metrics second = new Metrics();
    src.fill(NetworkSource.parseNetDev(Fixtures.text("net/dev-tick2")), 12 * SEC, second);
    // eth0 +2.5 MB in, +0.5 MB out; wlan0 went down (re-created): counts from zero, 250 kB in
    // and 125 kB out; docker0 is new (adds nothing); loopback is left out of the rates.
    assertThat(second.number(NetworkMetric.NET_IN_MBPS)).isEqualTo(11.0);
    assertThat(second.number(NetworkMetric.NET_OUT_MBPS)).isEqualTo(2.5);
    assertThat(second.integer(NetworkMetric.BYTES_SENT))
        .as("totals include loopback, as the original's")
        .isEqualTo(1500000L + 896360L + 125000L + 7777777L);
    assertThat(second.rows(RecordList.INTERFACES))
        .extracting(Metrics.Row::id)
        .containsExactly("lo", "eth0", "wlan0", "docker0");
  }

  @Test
  void aDecreaseNeverGivesANegativeRate() {
    NetworkSource src = new NetworkSource(HostPaths.SYSTEM, () -> 0);
    src.fill(List.of(new NetworkSource.Counters("eth0", 1_000_000, 1_000_000)), SEC, new Metrics());
    Metrics m = new Metrics();
    src.fill(List.of(new NetworkSource.Counters("eth0", 0, 125_000)), 2 * SEC, m);
    assertThat(m.number(NetworkMetric.NET_IN_MBPS)).isEqualTo(0.0);
    assertThat(m.number(NetworkMetric.NET_OUT_MBPS)).isEqualTo(1.0); // reset: the new value moved
  }
}
