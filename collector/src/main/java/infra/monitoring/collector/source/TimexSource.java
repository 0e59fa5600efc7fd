package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.SystemMetric;
import java.io.IOException;

/**
 * The kernel clock's NTP state, as node_exporter's timex collector reads it: adjtimex(2) in read-
 * only mode (no privilege needed) through JNA, since no procfs or sysfs file holds it. {@code
 * timex_offset_seconds} (the offset the kernel's discipline last saw; nanoseconds when the status
 * has STA_NANO, else microseconds), {@code timex_maxerror_seconds} (grows to 16 s when no NTP
 * daemon updates it) and {@code timex_sync} (false when adjtimex returns TIME_ERROR, the clock
 * unsynchronised). The clock is not namespaced: a container reads the host's.
 */
public final class TimexSource implements Source {
  /** adjtimex's return value for an unsynchronised clock. */
  static final int TIME_ERROR = 5;

  /** Status bit: offset and jitter are in nanoseconds rather than microseconds. */
  static final int STA_NANO = 0x2000;

  /** adjtimex(2) as the source uses it, so that tests can stand in for the kernel. */
  interface Adjtimex {
    Libc.Clock read() throws IOException;
  }

  private final Adjtimex adjtimex;

  public TimexSource() {
    this(Libc::adjtimex);
  }

  TimexSource(Adjtimex adjtimex) {
    this.adjtimex = adjtimex;
  }

  @Override
  public String name() {
    return "timex";
  }

  @Override
  public void sample(Metrics into) throws IOException {
    into.merge(values(adjtimex.read()));
  }

  /** The record's values from adjtimex's result, in node_exporter's units. */
  static Metrics values(Libc.Clock c) {
    double divisor = (c.status() & STA_NANO) != 0 ? 1e9 : 1e6;
    return new Metrics()
        .put(SystemMetric.TIMEX_OFFSET_SECONDS, c.offset() / divisor)
        .put(SystemMetric.TIMEX_MAXERROR_SECONDS, c.maxerror() / 1e6)
        .put(SystemMetric.TIMEX_SYNC, c.state() != TIME_ERROR);
  }
}
