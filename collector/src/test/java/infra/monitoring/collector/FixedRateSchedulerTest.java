package infra.monitoring.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class FixedRateSchedulerTest {
  private static final long SEC = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  /** Time moves only when the scheduler waits or a tick "works". */
  static final class FakeClock implements FixedRateScheduler.TickClock {
    long now = 123_456_789L; // an arbitrary origin, like System.nanoTime()

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public boolean await(CountDownLatch stop, long nanos) {
      if (stop.getCount() == 0) {
        return true;
      }
      now += nanos;
      return false;
    }
  }

  private final FakeClock clock = new FakeClock();
  private final List<Long> starts = new ArrayList<>();
  private final List<Long> ticks = new ArrayList<>();

  private FixedRateScheduler.Tick working(Map<Long, Long> workNanosByTick, long defaultWork) {
    long origin = clock.now;
    return n -> {
      starts.add(clock.now - origin);
      ticks.add(n);
      clock.now += workNanosByTick.getOrDefault(n, defaultWork);
    };
  }

  @Test
  void deadlinesAreComputedFromTheStartSoWorkTimeNeverAccumulates() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofSeconds(1), 100, null, clock);
    // Work of 0.3 s to 0.9 s per tick: a sleep-after-work loop would drift by tens of seconds.
    var r =
        s.run(
            n -> {
              starts.add(clock.now);
              clock.now += (300 + (n * 37) % 600) * MS;
            });
    assertThat(r.ticks()).isEqualTo(100);
    assertThat(r.skipped()).isZero();
    long origin = starts.get(0);
    for (int k = 0; k < starts.size(); k++) {
      assertThat(starts.get(k) - origin).as("tick %d", k).isEqualTo(k * SEC);
    }
  }

  @Test
  void fractionalIntervalHasNoRoundingDrift() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofMillis(333), 1000, null, clock);
    s.run(working(Map.of(), 10 * MS));
    assertThat(starts.get(999)).isEqualTo(999 * 333 * MS);
  }

  @Test
  void overrunSkipsTheMissedDeadlinesInsteadOfBursting() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofSeconds(1), 6, null, clock);
    // Tick 2 takes 2.7 s: deadlines 3 and 4 have passed when it ends (at 4.7 s).
    var r = s.run(working(Map.of(2L, 2700 * MS), 100 * MS));
    assertThat(ticks).containsExactly(0L, 1L, 2L, 5L, 6L, 7L);
    assertThat(starts).containsExactly(0L, SEC, 2 * SEC, 5 * SEC, 6 * SEC, 7 * SEC);
    assertThat(r.skipped()).isEqualTo(2);
  }

  @Test
  void aSlightlyLateTickRunsLateAndTheNextIsBackOnSchedule() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofSeconds(1), 4, null, clock);
    var r = s.run(working(Map.of(0L, 1200 * MS), 100 * MS));
    assertThat(ticks).containsExactly(0L, 1L, 2L, 3L);
    assertThat(starts).containsExactly(0L, 1200 * MS, 2 * SEC, 3 * SEC);
    assertThat(r.skipped()).isZero();
  }

  @Test
  void nextTickMath() {
    long i = SEC;
    assertThat(FixedRateScheduler.nextTick(0, i, 0, 300 * MS)).isEqualTo(1); // early: wait
    assertThat(FixedRateScheduler.nextTick(0, i, 0, 1500 * MS)).isEqualTo(1); // half late: run
    assertThat(FixedRateScheduler.nextTick(0, i, 0, 1501 * MS)).isEqualTo(2); // too late: skip
    assertThat(FixedRateScheduler.nextTick(0, i, 0, 10_200 * MS)).isEqualTo(10);
    assertThat(FixedRateScheduler.nextTick(0, i, 0, 10_700 * MS)).isEqualTo(11);
    assertThat(FixedRateScheduler.nextTick(5, i, 41, 42 * SEC + 5)).isEqualTo(42);
  }

  @Test
  void cyclesStopAfterThatManyTicks() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofSeconds(2), 3, null, clock);
    var r = s.run(working(Map.of(), MS));
    assertThat(r).isEqualTo(new FixedRateScheduler.Result(3, 0, false));
    assertThat(starts).containsExactly(0L, 2 * SEC, 4 * SEC);
  }

  @Test
  void durationStopsAfterWallTimeWithTheTicksThatFitIn() throws Exception {
    long origin = clock.now;
    FixedRateScheduler s =
        new FixedRateScheduler(Duration.ofSeconds(1), 0, Duration.ofMillis(4500), clock);
    var r = s.run(working(Map.of(), 50 * MS));
    assertThat(r.ticks()).isEqualTo(5);
    assertThat(r.stoppedBySignal()).isFalse();
    assertThat(clock.now - origin).isEqualTo(4500 * MS);
  }

  @Test
  void stopFinishesTheCurrentTickAndEndsTheLoop() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofSeconds(1), 0, null, clock);
    var r =
        s.run(
            n -> {
              ticks.add(n);
              if (n == 3) {
                s.stop();
                ticks.add(-1L); // the tick runs to its end after the stop request
              }
            });
    assertThat(ticks).containsExactly(0L, 1L, 2L, 3L, -1L);
    assertThat(r.stoppedBySignal()).isTrue();
  }

  @Test
  void aFailingTickIsLoggedAndTheScheduleGoesOn() throws Exception {
    FixedRateScheduler s = new FixedRateScheduler(Duration.ofSeconds(1), 3, null, clock);
    Map<Long, Integer> seen = new HashMap<>();
    var r =
        s.run(
            n -> {
              seen.merge(n, 1, Integer::sum);
              if (n == 1) {
                throw new IllegalStateException("boom");
              }
            });
    assertThat(r.ticks()).isEqualTo(3);
    assertThat(seen).containsOnlyKeys(0L, 1L, 2L);
  }

  @Test
  void realClockStopsPromptlyWhileWaiting() throws Exception {
    FixedRateScheduler s =
        new FixedRateScheduler(Duration.ofSeconds(30), 0, null, FixedRateScheduler.SYSTEM);
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              s.stop();
            });
    t.start();
    long t0 = System.nanoTime();
    var r = s.run(n -> ticks.add(n));
    assertThat(System.nanoTime() - t0).isLessThan(10 * SEC);
    assertThat(r.ticks()).isEqualTo(1);
    assertThat(r.stoppedBySignal()).isTrue();
  }
}
