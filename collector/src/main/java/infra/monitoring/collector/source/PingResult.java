package infra.monitoring.collector.source;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one run of the system {@code ping} said: the outcome, the mean round trip in ms and the
 * packet loss in percent. The parser understands iputils and BusyBox output.
 */
record PingResult(Status status, Double avgMs, Double lossPercent) {

  enum Status {
    /** At least one reply: avg and loss set. */
    OK,
    /** Packets sent, none answered (or ping killed at the hard time-out): loss 100. */
    NO_REPLY,
    /** The name did not resolve; nothing was sent. */
    UNKNOWN_HOST,
    /** ICMP sockets not permitted, ping missing or not understanding our options: use TCP. */
    UNAVAILABLE,
    /** Anything else (network unreachable, unexpected output): nothing measured. */
    FAILED
  }

  static final PingResult NO_REPLY = new PingResult(Status.NO_REPLY, null, 100.0);
  static final PingResult UNKNOWN_HOST = new PingResult(Status.UNKNOWN_HOST, null, null);
  static final PingResult UNAVAILABLE = new PingResult(Status.UNAVAILABLE, null, null);
  static final PingResult FAILED = new PingResult(Status.FAILED, null, null);

  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) packets transmitted, (\\d+) (?:packets )?received.*?([0-9.]+)% packet loss");
  private static final Pattern RTT =
      Pattern.compile("(?:rtt|round-trip) min/avg/max\\S* = [0-9.]+/([0-9.]+)/");

  /** Parses the combined stdout and stderr of one ping run. */
  static PingResult parse(String output) {
    Matcher s = SUMMARY.matcher(output);
    if (s.find()) {
      long sent = Long.parseLong(s.group(1));
      long received = Long.parseLong(s.group(2));
      Double loss = Parse.doubleOrNull(s.group(3));
      if (received == 0) {
        return sent > 0 ? NO_REPLY : FAILED;
      }
      Matcher r = RTT.matcher(output);
      Double avg = r.find() ? Parse.doubleOrNull(r.group(1)) : null;
      return avg == null ? FAILED : new PingResult(Status.OK, Parse.round(avg, 3), loss);
    }
    String o = output.toLowerCase(java.util.Locale.ROOT);
    if (o.contains("name or service not known")
        || o.contains("unknown host")
        || o.contains("bad address")
        || o.contains("temporary failure in name resolution")
        || o.contains("no address associated")) {
      return UNKNOWN_HOST;
    }
    if (o.contains("socket: operation not permitted")
        || o.contains("socket: permission denied")
        || o.contains("are you root")
        || o.contains("usage")
        || o.contains("invalid option")
        || o.contains("unrecognized option")
        || o.contains("cannot flood")) {
      return UNAVAILABLE;
    }
    return FAILED;
  }
}
