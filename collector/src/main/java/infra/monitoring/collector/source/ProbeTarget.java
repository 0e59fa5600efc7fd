package infra.monitoring.collector.source;

import infra.monitoring.common.settings.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A probe target from {@code MONITORING_PROBE_TARGETS}: {@code host[:port]}, IPv6 as {@code
 * [::1]:port}. The port is used by the TCP connect probe; {@link #DEFAULT_PORT} when absent.
 */
public record ProbeTarget(String host, int port) {
  public static final int DEFAULT_PORT = 80;
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  /** {@code host:port}, or {@code [v6]:port}; used as the {@code target} label. */
  public String label() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Parses a comma- or space-separated list; throws with the offending entry named. */
  public static List<ProbeTarget> parseList(String text, String origin) {
    List<ProbeTarget> out = new ArrayList<>();
    for (String item : text.split("[,\\s]+")) {
      if (!item.isEmpty()) {
        out.add(parse(item, origin));
      }
    }
    return List.copyOf(out);
  }

  static ProbeTarget parse(String item, String origin) {
    String host;
    String port = null;
    if (item.startsWith("[")) {
      int close = item.indexOf(']');
      if (close < 0) {
        throw bad(item, origin);
      }
      host = item.substring(1, close);
      String rest = item.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw bad(item, origin);
        }
        port = rest.substring(1);
      }
      if (!IPV6.matcher(host).matches()) {
        throw bad(item, origin);
      }
    } else {
      int colon = item.indexOf(':');
      if (colon >= 0 && item.indexOf(':', colon + 1) >= 0) {
        throw bad(item, origin); // bare IPv6 needs brackets
      }
      host = colon < 0 ? item : item.substring(0, colon);
      port = colon < 0 ? null : item.substring(colon + 1);
      if (!HOST.matcher(host).matches()) {
        throw bad(item, origin);
      }
    }
    int p = DEFAULT_PORT;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw bad(item, origin);
      }
      if (p < 1 || p > 65535) {
        throw bad(item, origin);
      }
    }
    return new ProbeTarget(host, p);
  }

  private static ConfigException bad(String item, String origin) {
    return new ConfigException(
        origin
            + ": expected a comma-separated list of host[:port] (port 1..65535, IPv6 as [addr]:port),"
            + " got '"
            + item
            + "'");
  }
}
