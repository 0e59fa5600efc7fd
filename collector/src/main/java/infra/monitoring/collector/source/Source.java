package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;

/**
 * One metric source (cpu, memory, disk, network, temperature, probes, self). Each source has a name
 * that matches its {@code MONITORING_METRIC_INTERVAL_<NAME>} setting and fills only its own keys. A
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
}
