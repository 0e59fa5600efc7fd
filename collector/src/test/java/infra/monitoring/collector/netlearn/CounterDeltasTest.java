package infra.monitoring.collector.netlearn;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterDeltasTest {

  static Metrics totals(long sent, long recv) {
    return new Metrics().put(NetworkMetric.BYTES_SENT, sent).put(NetworkMetric.BYTES_RECV, recv);
  }

  static Metrics ifs(long... sentRecvPairs) {
    Metrics m = new Metrics();
    long s = 0;
    long r = 0;
    List<Metrics.Row> list = new java.util.ArrayList<>();
    for (int i = 0; i < sentRecvPairs.length; i += 2) {
      list.add(
          new Metrics.Row("if" + i / 2)
              .put(NetworkMetric.INTERFACE_BYTES_SENT, sentRecvPairs[i])
              .put(NetworkMetric.INTERFACE_BYTES_RECV, sentRecvPairs[i + 1]));
      s += sentRecvPairs[i];
      r += sentRecvPairs[i + 1];
    }
    return m.put(NetworkMetric.BYTES_SENT, s)
        .put(NetworkMetric.BYTES_RECV, r)
        .rows(RecordList.INTERFACES, list);
  }

  @Test
  void firstSampleIsABaselineThenIncrementsAreDifferences() {
    CounterDeltas d = new CounterDeltas();
    assertThat(d.next(totals(1000, 5000))).isNull();
    assertThat(d.next(totals(1300, 5100))).isEqualTo(new CounterDeltas.Increment(300, 100, 0));
  }

  @Test
  void aCounterThatWentDownWasResetAndItsNewValueIsTheIncrement() {
    CounterDeltas d = new CounterDeltas();
    d.next(totals(1_000_000, 2_000_000));
    CounterDeltas.Increment inc = d.next(totals(400, 2_000_100));
    assertThat(inc.sent()).isEqualTo(400);
    assertThat(inc.recv()).isEqualTo(100);
    assertThat(inc.resets()).isEqualTo(1);
  }

  @Test
  void samplesWithoutCountersKeepTheBaseline() {
    CounterDeltas d = new CounterDeltas();
    d.next(totals(100, 100));
    assertThat(d.next(new Metrics())).isNull();
    assertThat(d.next(totals(150, 170)).total()).isEqualTo(120);
  }

  @Test
  void aVanishingInterfaceIsNotTakenForAResetOfTheTotal() {
    CounterDeltas d = new CounterDeltas();
    d.next(ifs(1000, 1000, 500_000, 500_000));
    // if1 is gone (a container's veth): the total drops, but if0 only grew by 10 + 20.
    CounterDeltas.Increment inc = d.next(ifs(1010, 1020));
    assertThat(inc).isEqualTo(new CounterDeltas.Increment(10, 20, 0));
  }

  @Test
  void interfacesThatDoNotAddUpToTheTotalsAreIgnored() {
    Metrics m = ifs(100, 100).put(NetworkMetric.BYTES_SENT, 999L);
    assertThat(CounterDeltas.counters(m)).containsOnlyKeys(CounterDeltas.TOTAL);
  }
}
