package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.in;
import static infra.monitoring.common.metric.Declaration.top;

/**
 * Network counters and rates of the host, the day's volume and its learned limit, every interface
 * as a row of {@code interfaces}, connection tracking, and every bonding interface as a row of
 * {@code bonds}.
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
              "Bytes received on a network interface since it came up.")),
  INTERFACE_PACKETS_SENT(
      netdev("packets_sent", "transmit_packets", "Packets sent", "node_network_transmit_packets")),
  INTERFACE_PACKETS_RECV(
      netdev(
          "packets_recv", "receive_packets", "Packets received", "node_network_receive_packets")),
  INTERFACE_ERRIN(netdev("errin", "receive_errs", "Receive errors", "node_network_receive_errs")),
  INTERFACE_ERROUT(
      netdev("errout", "transmit_errs", "Transmit errors", "node_network_transmit_errs")),
  INTERFACE_DROPIN(
      netdev("dropin", "receive_drop", "Received packets dropped", "node_network_receive_drop")),
  INTERFACE_DROPOUT(
      netdev(
          "dropout", "transmit_drop", "Packets dropped on transmit", "node_network_transmit_drop")),
  CONNTRACK_ENTRIES(
      top("conntrack_entries", Kind.INTEGER)
          .gauge(
              "monitoring_nf_conntrack_entries",
              null,
              "Connections the netfilter connection tracker holds now"
                  + " (/proc/sys/net/netfilter/nf_conntrack_count; node_nf_conntrack_entries).")),
  CONNTRACK_LIMIT(
      top("conntrack_limit", Kind.INTEGER)
          .gauge(
              "monitoring_nf_conntrack_entries_limit",
              null,
              "Most connections the netfilter connection tracker will hold"
                  + " (/proc/sys/net/netfilter/nf_conntrack_max;"
                  + " node_nf_conntrack_entries_limit).")),
  /** node-mixin's NodeHighNumberConntrackEntriesUsed level (75 percent). */
  CONNTRACK_USED_PERCENT(top("conntrack_used_percent", Kind.NUMBER).percent().warning(75)),
  BOND_SLAVES(
      in(RecordList.BONDS, "slaves", Kind.INTEGER)
          .gauge(
              "monitoring_bonding_slaves",
              null,
              "Interfaces enslaved to a bonding interface (node_bonding_slaves).")),
  BOND_ACTIVE(
      in(RecordList.BONDS, "active", Kind.INTEGER)
          .gauge(
              "monitoring_bonding_active",
              null,
              "Interfaces of a bonding interface whose MII status is up (node_bonding_active)."));

  private final Declaration declaration;

  NetworkMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }

  /** A counter of one interface's /proc/net/dev line (psutil's name in the record). */
  private static Declaration netdev(String key, String family, String what, String node) {
    return in(RecordList.INTERFACES, key, Kind.INTEGER)
        .counter(
            "monitoring_network_" + family,
            null,
            what + " on a network interface since it came up (" + node + "_total).");
  }
}
