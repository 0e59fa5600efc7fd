package infra.monitoring.collector.source;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.metric.SystemMetric;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SamplerTest {

  /** A source that counts its runs and writes the count into one key. */
  static final class Counting implements Source {
    final String name;
    final Metric key;
    final AtomicInteger runs = new AtomicInteger();

    Counting(String name, Metric key) {
      this.name = name;
      this.key = key;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void sample(Metrics into) {
      into.put(key, (long) runs.incrementAndGet());
    }
  }

  private static final long SEC = 1_000_000_000L;

  @Test
  void perSourceIntervalsApplyWithAFakeClock() {
    CollectorSettings s =
        Fixtures.settings(
            Map.of("MONITORING_METRIC_INTERVAL_CPU", "1", "MONITORING_METRIC_INTERVAL_DISK", "5"));
    AtomicLong clock = new AtomicLong(1_000 * SEC);
    Counting cpu = new Counting("cpu", NetworkMetric.BYTES_SENT);
    Counting disk = new Counting("disk", NetworkMetric.BYTES_RECV);
    Sampler sampler =
        new Sampler(List.of(cpu, disk), s.sources(), s.run().intervalSec(), clock::get);
    for (int i = 0; i < 10; i++) {
      Metrics m = sampler.sample();
      // The slow source's last value is reused between its runs, never dropped.
      assertThat(m.integer(NetworkMetric.BYTES_RECV)).isEqualTo((long) disk.runs.get());
      // A little jitter around each one-second tick must not skip a 5 s run.
      clock.addAndGet(SEC + (i % 2 == 0 ? -3_000_000 : 3_000_000));
    }
    assertThat(cpu.runs.get()).isEqualTo(10);
    assertThat(disk.runs.get()).isEqualTo(2); // at t=0 and t=5
  }

  @Test
  void aThrowingSourceGivesNullsAndOkFalseWhileOthersFill() {
    CollectorSettings s = Fixtures.settings(Map.of());
    AtomicInteger calls = new AtomicInteger();
    Source failing =
        new Source() {
          @Override
          public String name() {
            return "memory";
          }

          @Override
          public void sample(Metrics into) {
            into.put(MemoryMetric.MEMORY_PERCENT, 50.0);
            if (calls.incrementAndGet() >= 2) {
              throw new IllegalStateException("boom");
            }
          }
        };
    Counting cpu = new Counting("cpu", NetworkMetric.BYTES_SENT);
    AtomicLong clock = new AtomicLong();
    Sampler sampler =
        new Sampler(List.of(failing, cpu), s.sources(), s.run().intervalSec(), clock::get);
    Metrics first = sampler.sample();
    assertThat(first.number(MemoryMetric.MEMORY_PERCENT)).isEqualTo(50.0);
    clock.addAndGet(60 * SEC);
    Metrics second = sampler.sample();
    assertThat(second.get(MemoryMetric.MEMORY_PERCENT))
        .as("no stale value after a failure")
        .isNull();
    assertThat(second.integer(NetworkMetric.BYTES_SENT)).isEqualTo(2L);
    assertThat(second.rows(RecordList.SOURCES))
        .extracting(Metrics.Row::id, r -> r.bool(CollectorMetric.SOURCE_OK))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("memory", false),
            org.assertj.core.groups.Tuple.tuple("cpu", true));
  }

  @Test
  void anErrorThrownBySourceIsContainedToo() {
    Source bad =
        new Source() {
          @Override
          public String name() {
            return "temperature";
          }

          @Override
          public void sample(Metrics into) {
            throw new NoClassDefFoundError("oshi/SystemInfo");
          }
        };
    Metrics m = new Sampler(List.of(bad), SourceSettings.defaults(), 1.0).sample();
    assertThat(m.rows(RecordList.SOURCES).get(0).bool(CollectorMetric.SOURCE_OK)).isFalse();
    assertThat(m.get(SensorMetric.TEMPERATURE)).isNull();
  }

  @Test
  void collectorBlockHasSelfStatsSampleSecondsAndDurations() {
    AtomicLong clock = new AtomicLong();
    Source slow =
        new Source() {
          @Override
          public String name() {
            return "cpu";
          }

          @Override
          public void sample(Metrics into) {
            clock.addAndGet(3_000_000); // 3 ms
          }
        };
    Source self =
        new Source() {
          @Override
          public String name() {
            return "self";
          }

          @Override
          public void sample(Metrics into) {
            into.put(CollectorMetric.COLLECTOR_CPU_SECONDS, 1.5)
                .put(CollectorMetric.COLLECTOR_RSS_BYTES, 4096L);
          }
        };
    Metrics m =
        new Sampler(List.of(slow, self), SourceSettings.defaults(), 1.0, clock::get).sample();
    assertThat(m.number(CollectorMetric.COLLECTOR_CPU_SECONDS)).isEqualTo(1.5);
    assertThat(m.integer(CollectorMetric.COLLECTOR_RSS_BYTES)).isEqualTo(4096L);
    assertThat(m.number(CollectorMetric.COLLECTOR_SAMPLE_SECONDS)).isEqualTo(0.003);
    assertThat(m.rows(RecordList.SOURCES).get(0).number(CollectorMetric.SOURCE_SECONDS))
        .isEqualTo(0.003);
    assertThat(m.rows(RecordList.SOURCES).get(1).number(CollectorMetric.SOURCE_SECONDS))
        .isEqualTo(0.0);
  }

  @Test
  void realSourcesFillTheirKeys() {
    CollectorSettings s = Fixtures.settings(Map.of());
    try (Sampler sampler =
        new Sampler(
            SourceRegistry.create(s.sources(), s.probes()), s.sources(), s.run().intervalSec())) {
      Metrics m = sampler.sample();
      assertThat(m.rows(RecordList.SOURCES))
          .allSatisfy(st -> assertThat(st.bool(CollectorMetric.SOURCE_OK)).isTrue());
      assertThat(m.integer(MemoryMetric.MEMORY_TOTAL_BYTES)).isPositive();
      assertThat(m.number(SystemMetric.LOAD_1)).isNotNull();
      assertThat(m.integer(CollectorMetric.COLLECTOR_RSS_BYTES)).isPositive();
      assertThat(m.number(CollectorMetric.COLLECTOR_CPU_SECONDS)).isPositive();
    }
  }
}
