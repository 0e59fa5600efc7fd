package infra.monitoring.exporter;

import static infra.monitoring.exporter.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.exporter.Freshness.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one staleness and clock-skew decision, and the /health answer built on it. */
class FreshnessTest {

  static Status at(double now) {
    return Freshness.of(TestRecords.minimal(T0, 1), now, 30).status();
  }

  @Test
  void freshUpToTheLimitThenStale() {
    assertThat(at(T0)).isEqualTo(Status.OK);
    assertThat(at(T0 + 30)).isEqualTo(Status.OK);
    assertThat(at(T0 + 30.001)).isEqualTo(Status.STALE);
  }

  @Test
  void aRecordFromTheFutureBeyondTheSkewIsClockSkew() {
    assertThat(at(T0 - Freshness.MAX_FUTURE_SEC)).isEqualTo(Status.OK);
    assertThat(at(T0 - Freshness.MAX_FUTURE_SEC - 0.001)).isEqualTo(Status.CLOCK_SKEW);
    // The case: the clock set back by a day after running ahead.
    assertThat(Freshness.of(TestRecords.minimal(T0, 1), T0 - 86330, 30))
        .isEqualTo(new Freshness.Verdict(Status.CLOCK_SKEW, -86330.0));
  }

  @Test
  void noRecordIsNoData() {
    assertThat(Freshness.of(null, T0, 30)).isEqualTo(new Freshness.Verdict(Status.NO_DATA, null));
  }

  @Test
  void healthSaysClockSkewWith503AndTheNegativeAge() {
    FeedReader.State s =
        new FeedReader.State(
            TestRecords.minimal(T0, 1),
            "monitoring-2026-11-24.jsonl",
            "monitoring-2026-11-24.jsonl");
    ExporterServer.Health h = ExporterServer.Health.of(s, 30, T0 - 86330);
    assertThat(h.httpStatus()).isEqualTo(503);
    assertThat(h.body())
        .containsAllEntriesOf(
            Map.of(
                "status", "clock_skew",
                "age_seconds", -86330.0,
                "feed_file", "monitoring-2026-11-24.jsonl"));
  }
}
