package infra.monitoring.collector;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tick at a fixed rate with no drift: tick {@code n} is due at {@code start + n * interval},
 * computed from the tick number rather than accumulated, so a slow tick never shifts the ones after
 * it. A tick that overruns makes the scheduler skip the deadlines it missed (logged) instead of
 * firing them in a burst. Stops after {@code cycles} ticks (0 = no limit), after {@code duration}
 * (null = no limit), or when {@link #stop()} is called; a running tick is always finished first.
 */
public final class FixedRateScheduler {

  /** The monotonic clock and the wait; a fake in tests. */
  public interface TickClock {
    long nanoTime();

    /**
     * Waits {@code nanos} or until {@code stop} opens, whichever comes first.
     *
     * @return true when stopped
     */
    boolean await(CountDownLatch stop, long nanos) throws InterruptedException;
  }

  /** The real clock: {@link System#nanoTime()} and a latch wait. */
  public static final TickClock SYSTEM =
      new TickClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public boolean await(CountDownLatch stop, long nanos) throws InterruptedException {
          return stop.await(nanos, TimeUnit.NANOSECONDS);
        }
      };

  /** What the scheduler calls at each deadline; {@code tick} counts from 0. */
  @FunctionalInterface
  public interface Tick {
    void run(long tick) throws Exception;
  }

  /** What a run did: ticks run and deadlines skipped. */
  public record Result(long ticks, long skipped, boolean stoppedBySignal) {}

  private static final Logger LOG = LoggerFactory.getLogger(FixedRateScheduler.class);
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final long intervalNanos;
  private final long cycles;
  private final Long durationNanos;
  private final TickClock clock;
  private final CountDownLatch stop = new CountDownLatch(1);
  private long lastSkipWarn = Long.MIN_VALUE;

  public FixedRateScheduler(Duration interval, long cycles, Duration duration, TickClock clock) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be > 0");
    }
    this.intervalNanos = interval.toNanos();
    this.cycles = cycles;
    this.durationNanos = duration == null ? null : duration.toNanos();
    this.clock = clock;
  }

  /** Asks the loop to end after the current tick; wakes it if it is waiting. */
  public void stop() {
    stop.countDown();
  }

  public boolean stopRequested() {
    return stop.getCount() == 0;
  }

  /**
   * The tick to run next after tick {@code last} finished at {@code now}: {@code last + 1} when it
   * is not yet due or only a little late (at most half an interval), else the deadlines that have
   * passed are skipped. A tick already half an interval late is dropped, so that samples stay close
   * to their nominal times.
   */
  static long nextTick(long start, long interval, long last, long now) {
    long next = last + 1;
    long late = now - (start + next * interval);
    if (late <= interval / 2) {
      return next;
    }
    long latest = Math.floorDiv(now - start, interval); // latest deadline at or before now
    return now - (start + latest * interval) <= interval / 2 ? latest : latest + 1;
  }

  /** Runs ticks until a stop condition; the calling thread does the work. */
  public Result run(Tick tick) throws InterruptedException {
    long start = clock.nanoTime();
    long end = durationNanos == null ? Long.MAX_VALUE : start + durationNanos;
    long n = 0;
    long ran = 0;
    long skipped = 0;
    while (true) {
      long deadline = start + n * intervalNanos;
      if (deadline - end >= 0) {
        // The run time ends before this tick: wait out the remaining time, then stop.
        long left = end - clock.nanoTime();
        if (left > 0 && clock.await(stop, left)) {
          return new Result(ran, skipped, true);
        }
        return new Result(ran, skipped, false);
      }
      long wait = deadline - clock.nanoTime();
      if (wait > 0 && clock.await(stop, wait)) {
        return new Result(ran, skipped, true);
      }
      if (stopRequested()) {
        return new Result(ran, skipped, true);
      }
      try {
        tick.run(n);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        // A failed tick is logged and the schedule continues: the next sample may well work.
        LOG.error("sample {} failed: {}", n, e.toString(), e);
      }
      ran++;
      if (cycles > 0 && ran >= cycles) {
        return new Result(ran, skipped, false);
      }
      if (stopRequested()) {
        return new Result(ran, skipped, true);
      }
      long now = clock.nanoTime();
      long next = nextTick(start, intervalNanos, n, now);
      if (next > n + 1) {
        long missed = next - n - 1;
        skipped += missed;
        logSkip(n, now - deadline, missed, now);
      }
      n = next;
    }
  }

  private void logSkip(long tick, long tookNanos, long missed, long now) {
    String msg = "sample {} took {} ms (interval {} ms): skipped {} tick(s) to keep the schedule";
    Object[] args = {tick, tookNanos / 1_000_000, intervalNanos / 1_000_000, missed};
    if (lastSkipWarn == Long.MIN_VALUE || now - lastSkipWarn >= WARN_EVERY_NANOS) {
      lastSkipWarn = now;
      LOG.warn(msg, args);
    } else {
      LOG.debug(msg, args);
    }
  }
}
