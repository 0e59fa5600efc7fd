package infra.monitoring.collector.netlearn;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Severity;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.NetworkMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkUsageLearnerTest {
  static final ZoneId ZONE = ZoneId.of("Europe/Lisbon");
  static final LocalDate DAY = LocalDate.of(2026, 11, 20);

  @TempDir Path dir;

  static Metrics totals(long sent, long recv) {
    return new Metrics().put(NetworkMetric.BYTES_SENT, sent).put(NetworkMetric.BYTES_RECV, recv);
  }

  Instant at(LocalDate d, int h, int m) {
    return d.atTime(h, m).atZone(ZONE).toInstant();
  }

  Metrics sample(NetworkUsageLearner l, Instant t, long sent, long recv) {
    Metrics m = totals(sent, recv);
    l.enrich(t, m);
    return m;
  }

  @Test
  void countsTodaysIncrementsAndHandlesACounterReset() {
    FakeClock clock = new FakeClock(at(DAY, 10, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    assertThat(sample(l, at(DAY, 10, 0), 1000, 2000).integer(NetworkMetric.NET_TODAY_BYTES))
        .isZero();
    assertThat(sample(l, at(DAY, 10, 1), 1500, 2600).integer(NetworkMetric.NET_TODAY_BYTES))
        .isEqualTo(1100);
    // Reboot: counters restart near zero; the new values are the traffic since the reset.
    Metrics m = sample(l, at(DAY, 10, 2), 100, 50);
    assertThat(m.integer(NetworkMetric.NET_TODAY_BYTES)).isEqualTo(1250);
    assertThat(m.get(NetworkMetric.NET_LEARNED_LIMIT_BYTES)).isNull();
  }

  @Test
  void theFirstSampleAfterMidnightStartsTheNewDay() {
    FakeClock clock = new FakeClock(at(DAY, 23, 58), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    sample(l, at(DAY, 23, 58), 0, 0);
    sample(l, at(DAY, 23, 59), 100, 100);
    Metrics m = sample(l, at(DAY.plusDays(1), 0, 0), 150, 150);
    assertThat(m.integer(NetworkMetric.NET_TODAY_BYTES)).isEqualTo(100);
    assertThat(l.days().get(DAY).total()).isEqualTo(200);
  }

  @Test
  void aLongGapIsNotCountedBecauseTheTrafficInBetweenIsUnknown() {
    FakeClock clock = new FakeClock(at(DAY, 8, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    sample(l, at(DAY, 8, 0), 0, 0);
    sample(l, at(DAY, 8, 1), 10, 10);
    Metrics m = sample(l, at(DAY, 9, 0), 1_000_000, 1_000_000);
    assertThat(m.integer(NetworkMetric.NET_TODAY_BYTES)).isEqualTo(20);
    assertThat(
            sample(l, at(DAY, 9, 1), 1_000_005, 1_000_005).integer(NetworkMetric.NET_TODAY_BYTES))
        .isEqualTo(30);
  }

  @Test
  void aSlowSamplingIntervalWidensTheGapLimit() {
    FakeClock clock = new FakeClock(at(DAY, 8, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false, Duration.ofMinutes(90));
    sample(l, at(DAY, 8, 0), 0, 0);
    assertThat(sample(l, at(DAY, 8, 30), 10, 10).integer(NetworkMetric.NET_TODAY_BYTES))
        .isEqualTo(20);
  }

  @Test
  void aRestartKeepsTodaysTotalAndCountsFromTheSavedCounters() throws Exception {
    FakeClock clock = new FakeClock(at(DAY, 12, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    sample(l, at(DAY, 12, 0), 1000, 1000);
    sample(l, at(DAY, 12, 1), 1400, 1600);
    assertThat(Files.exists(dir.resolve(NetworkUsageLearner.FILE_NAME)))
        .as("samples alone do not write the file")
        .isFalse();
    l.close();
    assertThat(Files.exists(dir.resolve(NetworkUsageLearner.FILE_NAME))).isTrue();

    clock.set(at(DAY, 12, 3));
    NetworkUsageLearner again = new NetworkUsageLearner(dir, clock, false);
    Metrics m = sample(again, at(DAY, 12, 3), 1500, 1700);
    assertThat(m.integer(NetworkMetric.NET_TODAY_BYTES)).isEqualTo(1000 + 200);
  }

  @Test
  void saveWritesOnlyWhenSomethingChanged() throws Exception {
    FakeClock clock = new FakeClock(at(DAY, 12, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    Path f = dir.resolve(NetworkUsageLearner.FILE_NAME);
    l.run(clock.instant());
    assertThat(f).doesNotExist();
    sample(l, at(DAY, 12, 0), 1, 1);
    l.run(clock.instant());
    assertThat(f).exists();
    Files.delete(f);
    l.run(clock.instant());
    assertThat(f).as("nothing new since the last save").doesNotExist();
    assertThat(l.interval()).isEqualTo(Duration.ofMinutes(1));
  }

  /** A state file with {@code n} complete days before DAY, day i carrying (i+1) × 1 GB. */
  void writeDays(int n, double coveredSeconds) throws Exception {
    StringBuilder b = new StringBuilder("{\"version\": 1, \"days\": {");
    for (int i = 0; i < n; i++) {
      LocalDate d = DAY.minusDays(n - i);
      long sent = (i + 1) * 600_000_000L;
      long recv = (i + 1) * 400_000_000L;
      b.append(i == 0 ? "" : ", ")
          .append('"')
          .append(d)
          .append("\": {\"bytes_sent\": ")
          .append(sent)
          .append(", \"bytes_recv\": ")
          .append(recv)
          .append(", \"total\": ")
          .append(sent + recv)
          .append(", \"covered_seconds\": ")
          .append(coveredSeconds)
          .append('}');
    }
    b.append("}}");
    Files.writeString(dir.resolve(NetworkUsageLearner.FILE_NAME), b.toString());
  }

  @Test
  void sixCompleteDaysGiveNoLimit() throws Exception {
    writeDays(6, 86400);
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    Metrics m = sample(new NetworkUsageLearner(dir, clock, false), at(DAY, 9, 0), 1, 1);
    assertThat(m.get(NetworkMetric.NET_LEARNED_LIMIT_BYTES)).isNull();
  }

  @Test
  void sevenCompleteDaysGiveOnePointTwoTimesTheirMean() throws Exception {
    writeDays(7, 86400);
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    Metrics m = sample(new NetworkUsageLearner(dir, clock, false), at(DAY, 9, 0), 1, 1);
    // Totals 1..7 GB (10^9 bytes), mean 4 GB.
    assertThat(m.integer(NetworkMetric.NET_LEARNED_LIMIT_BYTES)).isEqualTo(4_800_000_000L);
  }

  @Test
  void daysWatchedLessThanThreeQuartersAreNotComplete() throws Exception {
    writeDays(10, 0.74 * 86400);
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    Metrics m = sample(new NetworkUsageLearner(dir, clock, false), at(DAY, 9, 0), 1, 1);
    assertThat(m.get(NetworkMetric.NET_LEARNED_LIMIT_BYTES)).isNull();
  }

  @Test
  void learnsFromSimulatedDaysAndTodayOverTheLimitIsAWarning() throws Exception {
    // Eight days sampled every 10 minutes; day k adds (k + 1) × 1000 bytes per sample.
    LocalDate start = DAY.minusDays(8);
    FakeClock clock = new FakeClock(at(start, 0, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    long counter = 0;
    Metrics last = null;
    for (Instant t = at(start, 0, 0); t.isBefore(at(DAY, 0, 0)); t = t.plusSeconds(600)) {
      clock.set(t);
      int k = (int) (LocalDate.ofInstant(t, ZONE).toEpochDay() - start.toEpochDay());
      boolean first = counter == 0;
      counter += first ? 1 : (k + 1) * 1000L;
      last = sample(l, t, counter, 0);
    }
    // Day 0 lost its first sample to the baseline (143 increments); days 1..7 have 144.
    long expected0 = 143 * 1000L;
    Map<LocalDate, NetworkUsageLearner.Day> days = l.days();
    assertThat(days.get(start).total()).isEqualTo(expected0);
    assertThat(days.get(start.plusDays(3)).total()).isEqualTo(144 * 4000L);
    assertThat(last.get(NetworkMetric.NET_LEARNED_LIMIT_BYTES))
        .as("7 complete days before")
        .isNotNull();
    long sum = expected0;
    for (int k = 1; k <= 7; k++) {
      sum += 144 * (k + 1) * 1000L;
    }
    long limit = (long) Math.floor(1.2 * sum / 8);
    Instant t = at(DAY, 0, 0);
    Metrics today = sample(l, t, counter + limit + 1, 0);
    assertThat(today.integer(NetworkMetric.NET_LEARNED_LIMIT_BYTES)).isEqualTo(limit);
    assertThat(today.integer(NetworkMetric.NET_TODAY_BYTES)).isEqualTo(limit + 1);
    Thresholds.Evaluation e = new Thresholds(Thresholds.defaults()).evaluate(today);
    assertThat(e.alerts())
        .anySatisfy(
            a -> {
              assertThat(a.name()).isEqualTo("net_today_bytes");
              assertThat(a.level()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void keepsTwentyEightDays() throws Exception {
    writeDays(40, 86400);
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    sample(l, at(DAY, 9, 0), 1, 1);
    l.close();
    assertThat(l.days()).hasSize(28);
    assertThat(l.days().keySet().iterator().next()).isEqualTo(DAY.minusDays(27));
    String saved = Files.readString(dir.resolve(NetworkUsageLearner.FILE_NAME));
    assertThat(saved).doesNotContain(DAY.minusDays(28).toString()).contains(DAY.toString());
  }

  @Test
  void aCorruptFileIsKeptAsideAndLearningStartsFresh() throws Exception {
    Path f = dir.resolve(NetworkUsageLearner.FILE_NAME);
    Files.writeString(f, "{\"days\": {\"2026-11-19\": {\"bytes_sent\": \"lots\"}}}");
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    assertThat(l.days()).isEmpty();
    List<Path> aside;
    try (Stream<Path> s = Files.list(dir)) {
      aside = s.filter(p -> p.getFileName().toString().contains(".corrupt-")).toList();
    }
    assertThat(aside).hasSize(1);
    assertThat(Files.readString(aside.get(0), StandardCharsets.UTF_8)).contains("lots");
    sample(l, at(DAY, 9, 0), 5, 5);
    assertThat(sample(l, at(DAY, 9, 1), 10, 10).integer(NetworkMetric.NET_TODAY_BYTES))
        .isEqualTo(10);
    l.close();
    assertThat(Files.readString(f)).contains("\"2026-11-20\"");
  }

  @Test
  void withoutCountersTheKeysStayNullUntilThereIsData() {
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(dir, clock, false);
    Metrics m = new Metrics();
    l.enrich(at(DAY, 9, 0), m);
    assertThat(m.get(NetworkMetric.NET_TODAY_BYTES)).isNull();
    assertThat(m.get(NetworkMetric.NET_LEARNED_LIMIT_BYTES)).isNull();
  }

  @Test
  void readsItsDirectoryFromTheSettings() throws Exception {
    CollectorSettings s =
        CollectorSettings.load(new String[0], Map.of("MONITORING_STATE_DIR", dir.toString()), dir);
    FakeClock clock = new FakeClock(at(DAY, 9, 0), ZONE);
    NetworkUsageLearner l = new NetworkUsageLearner(s, clock);
    sample(l, at(DAY, 9, 0), 5, 5);
    l.close();
    assertThat(dir.resolve("network_usage.json")).exists();
  }
}
