package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes of {@code MONITORING_PROBE_TARGETS}: per target, ICMP through the system {@code ping}
 * (several packets: mean rtt and loss) every {@code MONITORING_METRIC_INTERVAL_PING} seconds, and a
 * TCP connect to the target's port every {@code MONITORING_METRIC_INTERVAL_LATENCY} seconds, each
 * on background threads with hard time-outs ({@code MONITORING_NETWORK_TIMEOUT}). {@link
 * #sample(Metrics)} only reads the latest completed results, so a dead target never delays a
 * sample; a result older than two intervals plus the time-out is dropped (null). When ICMP is not
 * available (no {@code ping}, not permitted), {@code ping_ms} is the TCP connect time and {@code
 * latency_method} says {@code tcp}. Each target's {@code ok} is whether its port accepted the
 * latest TCP connect (false when refused, unreachable or timed out; null before the first result),
 * so a dead target is a value rather than a missing one. The top-level keys describe the first
 * target; every target is in the {@code probes} list. With no targets, no thread is started and the
 * keys are null.
 */
public final class ProbeSource implements Source, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProbeSource.class);

  /** Runs one ICMP measurement of a target; blocking, bounded by its own time-out. */
  interface Pinger {
    PingResult ping(ProbeTarget target) throws Exception;
  }

  /** Measures one TCP connect time in ms, or null when it failed; blocking. */
  interface Connector {
    Double connectMs(ProbeTarget target) throws Exception;
  }

  private record Timed<T>(T value, long at) {}

  private final class Slot {
    final ProbeTarget target;
    volatile Timed<PingResult> icmp;
    volatile Timed<Double> tcp;

    Slot(ProbeTarget target) {
      this.target = target;
    }
  }

  private final List<Slot> slots = new ArrayList<>();
  private final Pinger pinger;
  private final Connector connector;
  private final LongSupplier clock;
  private final long pingMaxAge;
  private final long tcpMaxAge;
  private final ScheduledExecutorService executor;
  private volatile boolean icmpAvailable = true;

  /** From the settings: targets, time-out, ping and latency intervals, the system ping. */
  public static ProbeSource create(ProbeSettings s, SourceSettings intervals) {
    double timeout = s.timeoutSec();
    return new ProbeSource(
        s.targets(),
        intervals.interval("ping"),
        intervals.interval("latency"),
        timeout,
        new SystemPing(timeout),
        t -> tcpConnectMs(t, timeout),
        System::nanoTime);
  }

  ProbeSource(
      List<ProbeTarget> targets,
      double pingIntervalSec,
      double latencyIntervalSec,
      double timeoutSec,
      Pinger pinger,
      Connector connector,
      LongSupplier clock) {
    this.pinger = pinger;
    this.connector = connector;
    this.clock = clock;
    long hard = (long) ((timeoutSec + SystemPing.EXTRA_SEC + 1) * 1e9);
    this.pingMaxAge = (long) (2 * pingIntervalSec * 1e9) + hard;
    this.tcpMaxAge = (long) (2 * latencyIntervalSec * 1e9) + hard;
    for (ProbeTarget t : targets) {
      slots.add(new Slot(t));
    }
    if (slots.isEmpty()) {
      executor = null;
      return;
    }
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor ex =
        new ScheduledThreadPoolExecutor(
            Math.min(8, 2 * slots.size()),
            r -> {
              Thread th = new Thread(r, "probe-" + n.incrementAndGet());
              th.setDaemon(true);
              return th;
            });
    ex.setRemoveOnCancelPolicy(true);
    executor = ex;
    long pingMs = Math.max(1, (long) (pingIntervalSec * 1000));
    long latencyMs = Math.max(1, (long) (latencyIntervalSec * 1000));
    for (Slot slot : slots) {
      // A periodic task never overlaps itself: a slow target delays only its own next probe.
      executor.scheduleAtFixedRate(guard(() -> runIcmp(slot)), 0, pingMs, TimeUnit.MILLISECONDS);
      executor.scheduleAtFixedRate(guard(() -> runTcp(slot)), 0, latencyMs, TimeUnit.MILLISECONDS);
    }
  }

  /** A periodic task that throws is never run again: keep every probe alive. */
  private static Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        if (t instanceof VirtualMachineError vme) {
          throw vme;
        }
        LOG.warn("probe task failed: {}", t.toString());
      }
    };
  }

  @Override
  public String name() {
    return "probes";
  }

  /**
   * Every record: reading the latest results costs nothing, and a probe that completes is seen at
   * once. The ping and latency intervals govern how often the probes themselves run.
   */
  @Override
  public double intervalSec(SourceSettings settings, double recordIntervalSec) {
    return 0;
  }

  private void runIcmp(Slot slot) {
    if (!icmpAvailable) {
      return;
    }
    PingResult r;
    try {
      r = pinger.ping(slot.target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      r = PingResult.UNAVAILABLE;
      LOG.debug("ping {}: {}", slot.target.label(), e.toString());
    }
    if (r.status() == PingResult.Status.UNAVAILABLE) {
      icmpAvailable = false;
      LOG.info("ICMP ping not available here; ping_ms falls back to the TCP connect time");
    }
    slot.icmp = new Timed<>(r, clock.getAsLong());
  }

  private void runTcp(Slot slot) {
    Double ms;
    try {
      ms = connector.connectMs(slot.target);
    } catch (Exception e) {
      ms = null;
    }
    slot.tcp = new Timed<>(ms, clock.getAsLong());
  }

  @Override
  public void sample(Metrics into) {
    long now = clock.getAsLong();
    List<Metrics.Row> probes = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      probes.add(result(slot, now));
    }
    into.rows(RecordList.PROBES, probes);
    if (!probes.isEmpty()) {
      Metrics.Row first = probes.get(0);
      String method = first.text(ProbeMetric.PROBE_METHOD);
      into.put(ProbeMetric.PING_MS, first.get(ProbeMetric.PROBE_PING_MS));
      into.put(ProbeMetric.PING_LOSS_PERCENT, first.get(ProbeMetric.PROBE_LOSS_PERCENT));
      into.put(ProbeMetric.LATENCY_MS, first.get(ProbeMetric.PROBE_LATENCY_MS));
      into.put(ProbeMetric.LATENCY_METHOD, method);
      into.put(ProbeMetric.LATENCY_ESTIMATED, method == null ? null : "tcp".equals(method));
    }
  }

  private Metrics.Row result(Slot slot, long now) {
    Metrics.Row row = new Metrics.Row(slot.target.label());
    Timed<Double> tcp = fresh(slot.tcp, now, tcpMaxAge);
    Double latency = tcp == null ? null : tcp.value();
    row.put(ProbeMetric.PROBE_LATENCY_MS, latency);
    // Down is a value, not an absence: the target is host:port, so its port answering decides.
    row.put(ProbeMetric.PROBE_OK, tcp == null ? null : latency != null);
    if (!icmpAvailable) {
      // No ICMP here: the TCP connect time stands in for the round trip.
      return row.put(ProbeMetric.PROBE_PING_MS, latency)
          .put(ProbeMetric.PROBE_METHOD, tcp == null ? null : "tcp");
    }
    Timed<PingResult> icmp = fresh(slot.icmp, now, pingMaxAge);
    if (icmp == null || icmp.value().status() == PingResult.Status.UNAVAILABLE) {
      return row; // no result yet
    }
    PingResult r = icmp.value();
    return row.put(ProbeMetric.PROBE_PING_MS, r.avgMs())
        .put(ProbeMetric.PROBE_LOSS_PERCENT, r.lossPercent())
        .put(ProbeMetric.PROBE_METHOD, "icmp");
  }

  private static <T> Timed<T> fresh(Timed<T> t, long now, long maxAge) {
    return t != null && now - t.at() <= maxAge ? t : null;
  }

  /** TCP connect time to the target's port in ms (name resolution not counted), or null. */
  static Double tcpConnectMs(ProbeTarget target, double timeoutSec) throws IOException {
    InetAddress addr = InetAddress.getByName(target.host());
    try (Socket s = new Socket()) {
      long t0 = System.nanoTime();
      s.connect(new InetSocketAddress(addr, target.port()), (int) Math.max(1, timeoutSec * 1000));
      return Parse.round((System.nanoTime() - t0) / 1e6, 3);
    } catch (IOException e) {
      return null; // refused, unreachable or timed out
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
