package infra.monitoring.collector.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ICMP through the system {@code ping}: {@code ping -n -c 3 -i 0.2 -W <timeout> -w <deadline>
 * <host>} (iputils; BusyBox, which has no {@code -n}, gets the same without it). The process is
 * killed at a hard limit of deadline + 1 s. Output is parsed by {@link PingResult#parse}.
 */
final class SystemPing implements ProbeSource.Pinger {
  static final int PACKETS = 3;

  /** Seconds the packets themselves take to send (three at 0.2 s) on top of the reply wait. */
  static final double EXTRA_SEC = 1;

  private final int waitSec;
  private final int deadlineSec;
  private volatile boolean withN = true;

  SystemPing(double timeoutSec) {
    waitSec = (int) Math.max(1, Math.ceil(timeoutSec));
    deadlineSec = waitSec + (int) EXTRA_SEC;
  }

  List<String> command(String host) {
    List<String> c = new ArrayList<>(List.of("ping"));
    if (withN) {
      c.add("-n");
    }
    c.addAll(
        List.of(
            "-c",
            Integer.toString(PACKETS),
            "-i",
            "0.2",
            "-W",
            Integer.toString(waitSec),
            "-w",
            Integer.toString(deadlineSec),
            host));
    return c;
  }

  @Override
  public PingResult ping(ProbeTarget target) throws IOException, InterruptedException {
    PingResult r = run(target.host());
    if (r.status() == PingResult.Status.UNAVAILABLE && withN) {
      withN = false; // BusyBox: try again without -n before giving up on ICMP
      PingResult again = run(target.host());
      if (again.status() == PingResult.Status.UNAVAILABLE) {
        withN = true;
      }
      return again;
    }
    return r;
  }

  private PingResult run(String host) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command(host)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return PingResult.UNAVAILABLE; // no ping binary
    }
    try {
      p.getOutputStream().close();
      if (!p.waitFor(deadlineSec + 1L, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return PingResult.NO_REPLY;
      }
      // The output of three packets is far below the pipe's buffer, so waiting first is safe.
      try (InputStream in = p.getInputStream()) {
        return PingResult.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
