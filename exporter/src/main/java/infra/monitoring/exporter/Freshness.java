package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import java.util.Locale;

/**
 * The one decision of whether the served record still describes the host: {@code ok} when it was
 * sampled at most the staleness limit ago, {@code stale} when older (the collector stopped, hangs
 * or cannot write), {@code clock_skew} when it is dated in the future beyond {@link
 * #MAX_FUTURE_SEC} (a clock set back, or the collector's clock ahead of the exporter's), {@code
 * no_data} when there is none. Only an {@code ok} record is served as host series; {@code /health}
 * and {@code monitoring_exporter_record_status} say the same.
 */
final class Freshness {

  /**
   * How far in the future a record may be dated and still count as now. The collector and the
   * exporter read the same clock; only a clock step (or a feed shared with another machine) goes
   * past this.
   */
  static final double MAX_FUTURE_SEC = 5;

  private Freshness() {}

  /** What the served record is now; {@link #label()} is the exposed value. */
  enum Status {
    OK,
    STALE,
    CLOCK_SKEW,
    NO_DATA;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A decision at one time.
   *
   * @param ageSeconds now minus the record's sample time (negative from the future), or null when
   *     there is no record
   */
  record Verdict(Status status, Double ageSeconds) {
    boolean fresh() {
      return status == Status.OK;
    }
  }

  /** The verdict on a record (or none) at {@code now} (Unix seconds). */
  static Verdict of(FeedRecord record, double now, double staleAfterSec) {
    Double sampled = record == null ? null : record.epochSeconds();
    if (sampled == null) {
      return new Verdict(Status.NO_DATA, null);
    }
    double age = now - sampled;
    if (age < -MAX_FUTURE_SEC) {
      return new Verdict(Status.CLOCK_SKEW, age);
    }
    return new Verdict(age > staleAfterSec ? Status.STALE : Status.OK, age);
  }
}
