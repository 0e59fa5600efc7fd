package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;

/**
 * One metric source (cpu, memory, disk, network, temperature, probes, self). Each source fills only
 * its own keys and is refreshed at its own interval ({@code MONITORING_METRIC_INTERVAL_<NAME>}). A
 * source that throws yields nulls for its keys in that sample; it never fails the sample.
 */
public interface Source {

  /** Lower-case name: {@code cpu}, {@code memory}, ... */
  String name();

  /**
   * Fills this source's keys into {@code into}. Runs on the sampling thread: must not block on the
   * network or on a child process (probes run on their own threads and report their latest result).
   */
  void sample(Metrics into) throws Exception;

  /**
   * Seconds between two runs of this source; by default its {@code
   * MONITORING_METRIC_INTERVAL_<NAME>}, or the record interval when the name has no interval
   * setting.
   */
  default double intervalSec(SourceSettings settings, double recordIntervalSec) {
    return settings.intervals().containsKey(name()) ? settings.interval(name()) : recordIntervalSec;
  }
}
