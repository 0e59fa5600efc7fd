package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/**
 * Probe results: the first target as the original's top-level keys, and every target as a row of
 * {@code probes}.
 */
public enum ProbeMetric implements Metric {
  PING_MS(
      top("ping_ms", Kind.NUMBER)
          .thresholds(100, 500)
          .legacy("monitoring_ping_ms", "monitoring_ping_rtt_seconds")),
  LATENCY_MS(
      top("latency_ms", Kind.NUMBER)
          .thresholds(100, 250)
          .legacy("monitoring_latency_ms", "monitoring_tcp_connect_seconds")),
  LATENCY_METHOD(top("latency_method", Kind.TEXT)),
  LATENCY_ESTIMATED(
      top("latency_estimated", Kind.BOOLEAN)
          .legacy(
              "monitoring_latency_estimated", "the method label of monitoring_ping_rtt_seconds")),
  PING_LOSS_PERCENT(top("ping_loss_percent", Kind.NUMBER).percent().thresholds(2, 5)),
  PROBE_PING_MS(
      in(RecordList.PROBES, "ping_ms", Kind.NUMBER)
          .gauge(
              "monitoring_ping_rtt_seconds",
              "seconds",
              "Round trip to a probe target in seconds; method is icmp, or tcp when ICMP was not"
                  + " available and a TCP connect stood in.")
          .scale(1e-3)
          .labelFrom("method", "latency_method", "unknown")),
  PROBE_LOSS_PERCENT(
      in(RecordList.PROBES, "ping_loss_percent", Kind.NUMBER)
          .percent()
          .gauge(
              "monitoring_ping_loss_ratio",
              null,
              "Share of ping packets lost to a probe target (0-1).")
          .scale(0.01)),
  PROBE_LATENCY_MS(
      in(RecordList.PROBES, "latency_ms", Kind.NUMBER)
          .gauge(
              "monitoring_tcp_connect_seconds",
              "seconds",
              "Time to open a TCP connection to a probe target in seconds.")
          .scale(1e-3)),
  PROBE_METHOD(in(RecordList.PROBES, "latency_method", Kind.TEXT)),
  PROBE_OK(
      in(RecordList.PROBES, "ok", Kind.BOOLEAN)
          .gauge(
              "monitoring_probe_success",
              null,
              "1 when the probe target's port accepted a TCP connection in the latest probe, 0"
                  + " when the connection was refused, unreachable or timed out."));

  private final Declaration declaration;

  ProbeMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
