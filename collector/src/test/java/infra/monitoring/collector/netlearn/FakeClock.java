package infra.monitoring.collector.netlearn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the test moves by hand. */
public final class FakeClock extends Clock {
  private Instant now;
  private final ZoneId zone;

  public FakeClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  public void set(Instant t) {
    now = t;
  }

  public Instant advance(Duration d) {
    now = now.plus(d);
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    return new FakeClock(now, z);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
