package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/**
 * Network counters and rates of the host, the day's volume and its learned limit, and every
 * interface as a row of {@code interfaces}.
 */
public enum NetworkMetric implements Metric {
  BYTES_SENT(
      top("bytes_sent", Kind.INTEGER)
          .legacy("monitoring_bytes_sent", "monitoring_network_transmit_bytes_total")),
  BYTES_RECV(
      top("bytes_recv", Kind.INTEGER)
          .legacy("monitoring_bytes_recv", "monitoring_network_receive_bytes_total")),
  NET_IN_MBPS(
      top("net_in_mbps", Kind.NUMBER)
          .gauge(
              "monitoring_network_receive_bytes_per_second",
              null,
              "Host receive rate over the collector's interval, bytes per second (record:"
                  + " net_in_mbps).")
          .scale(1e6 / 8)
          .legacy("monitoring_net_in_mbps", "monitoring_network_receive_bytes_per_second")),
  NET_OUT_MBPS(
      top("net_out_mbps", Kind.NUMBER)
          .gauge(
              "monitoring_network_transmit_bytes_per_second",
              null,
              "Host transmit rate over the collector's interval, bytes per second (record:"
                  + " net_out_mbps).")
          .scale(1e6 / 8)
          .legacy("monitoring_net_out_mbps", "monitoring_network_transmit_bytes_per_second")),
  NET_TODAY_BYTES(
      top("net_today_bytes", Kind.INTEGER)
          .gauge(
              "monitoring_net_today_bytes",
              "bytes",
              "Bytes sent and received by the host today (local day), as counted by the"
                  + " collector.")),
  NET_LEARNED_LIMIT_BYTES(
      top("net_learned_limit_bytes", Kind.INTEGER)
          .gauge(
              "monitoring_net_learned_limit_bytes",
              "bytes",
              "Daily network volume the collector has learned as normal for this host, in"
                  + " bytes.")),
  INTERFACE_BYTES_SENT(
      in(RecordList.INTERFACES, "bytes_sent", Kind.INTEGER)
          .counter(
              "monitoring_network_transmit_bytes",
              "bytes",
              "Bytes sent on a network interface since it came up.")),
  INTERFACE_BYTES_RECV(
      in(RecordList.INTERFACES, "bytes_recv", Kind.INTEGER)
          .counter(
              "monitoring_network_receive_bytes",
              "bytes",
              "Bytes received on a network interface since it came up."));

  private final Declaration declaration;

  NetworkMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
