package infra.monitoring.collector.treatment;

import static net.logstash.logback.argument.StructuredArguments.kv;

import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.collector.pipeline.RecordObserver;
import infra.monitoring.collector.treatment.TreatmentSettings.Mode;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.Timestamps;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sustained-critical tracking and treatments, as a {@link RecordObserver}. Every record gets {@code
 * critical_since} (metric to epoch seconds) and {@code treatments} (mode, attempts per action since
 * start, last attempt). With {@code MONITORING_TREATMENTS} {@code dry-run} or {@code on}, a metric
 * critical for {@code MONITORING_SUSTAINED_CRIT_SECONDS} triggers its actions, each gated by its
 * cooldown (counted from the last attempt, dry runs included), the allowed hour for network
 * actions, and its configuration. Actions run one at a time on a worker thread, so the sampling
 * thread never waits; {@code MONITORING_POST_TREATMENT_WAIT_SEC} after an attempt, the first record
 * seen is kept as its post-treatment snapshot in a bounded history file.
 */
public final class TreatmentEngine implements RecordObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TreatmentEngine.class);

  /** What the engine needs from the settings. */
  record Config(
      Mode mode,
      Duration sustained,
      int minCritical,
      Map<String, Long> cooldowns,
      Integer allowedHour,
      Duration postWait,
      Thresholds thresholds,
      String host) {
    static Config of(CollectorSettings s) {
      TreatmentSettings t = s.treatments();
      return new Config(
          t.mode(),
          Duration.ofSeconds(t.sustainedCritSeconds()),
          t.minCriticalAlerts(),
          t.cooldowns(),
          t.networkAllowedHour(),
          Duration.ofNanos(Math.round(t.postWaitSec() * 1e9)),
          s.thresholds(),
          s.run().host());
    }
  }

  /** The last attempt, as published in {@code treatments.last}. */
  record Last(String action, String metric, String ts, boolean dryRun, boolean ok, String result) {}

  /** An attempt waiting for its post-treatment snapshot. */
  private record Pending(Last attempt, Instant due) {}

  private final Config cfg;
  private final Map<String, TreatmentAction> actions = new LinkedHashMap<>();
  private final Executor worker;
  private final ExecutorService ownWorker;
  private final PostTreatmentHistory history;
  private final Clock clock;
  private final CriticalTracker tracker = new CriticalTracker();

  // Sampling thread only.
  private final Map<String, Instant> lastAttempt = new HashMap<>();
  private final Map<String, String> lastBlock = new HashMap<>();
  private final List<Pending> waiting = new ArrayList<>();

  // Shared with the worker.
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Pending> completed = new ConcurrentLinkedQueue<>();
  private final Object statusLock = new Object();
  private final Map<String, Long> attempts = new LinkedHashMap<>();
  private Last last;

  /** The production engine: actions from the settings, one daemon worker thread. */
  public TreatmentEngine(CollectorSettings s, Clock clock) {
    this(
        Config.of(s),
        List.of(
            new DiskUsageReport(),
            new TempCleanup(s.treatments().cleanupDir(), s.treatments().cleanupTempAgeDays()),
            new ZombieReaper(),
            new NetworkCommands(
                s.treatments().networkCommands(),
                Duration.ofMillis(Math.round(s.treatments().networkCommandTimeoutSec() * 1000)),
                s.run().stateDir())),
        null,
        new PostTreatmentHistory(
            s.run().stateDir(), PostTreatmentHistory.DEFAULT_CAP, s.run().durableWrites()),
        clock);
  }

  /**
   * @param worker runs the actions and history writes; null = a single daemon thread of our own
   */
  TreatmentEngine(
      Config cfg,
      List<TreatmentAction> actions,
      Executor worker,
      PostTreatmentHistory history,
      Clock clock) {
    this.cfg = cfg;
    for (TreatmentAction a : actions) {
      this.actions.put(a.name(), a);
      attempts.put(a.name(), 0L);
    }
    if (worker == null) {
      ThreadPoolExecutor tpe =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "treatments");
                t.setDaemon(true);
                return t;
              });
      this.ownWorker = tpe;
      this.worker = tpe;
    } else {
      this.ownWorker = null;
      this.worker = worker;
    }
    this.history = history;
    this.clock = clock;
  }

  /** The original's choice of action by metric name (§5.2 step 3), without the memory trim. */
  static List<String> actionsFor(String metric) {
    String k = metric.toLowerCase(Locale.ROOT);
    if (k.contains("disk")) {
      return List.of(DiskUsageReport.NAME, TempCleanup.NAME);
    }
    if (k.contains("memory") || k.contains("ram") || k.contains("swap")) {
      // The original trimmed its own process's working set (malloc_trim); for a JVM that frees
      // nothing the host needs, and the collector is not what fills the host's memory.
      return List.of();
    }
    if (k.contains("network")
        || k.contains("ping")
        || k.contains("loss")
        || k.contains("latency")) {
      return List.of(NetworkCommands.NAME);
    }
    if (k.contains("cpu")) {
      return List.of(ZombieReaper.NAME);
    }
    return List.of();
  }

  @Override
  public void observe(
      Instant now, Metrics metrics, Thresholds.Evaluation evaluation, Map<String, Object> extra) {
    Map<String, Instant> since = tracker.update(now, evaluation.alerts());
    takeDueSnapshots(now, metrics, evaluation);
    if (cfg.mode() != Mode.OFF) {
      List<String> sustained = tracker.sustained(now, cfg.sustained());
      if (!sustained.isEmpty() && sustained.size() >= cfg.minCritical()) {
        for (String metric : sustained) {
          for (String action : actionsFor(metric)) {
            consider(now, metric, since.get(metric), action, metrics);
          }
        }
      }
    }
    Map<String, Object> cs = new LinkedHashMap<>();
    since.forEach((k, t) -> cs.put(k, Timestamps.epochSeconds(t)));
    extra.put("critical_since", cs);
    extra.put("treatments", status());
  }

  private void consider(
      Instant now, String metric, Instant criticalSince, String name, Metrics metrics) {
    TreatmentAction a = actions.get(name);
    if (a == null || inFlight.contains(name)) {
      return;
    }
    Instant prev = lastAttempt.get(name);
    long cooldown = cfg.cooldowns().getOrDefault(name, 0L);
    if (prev != null && now.isBefore(prev.plusSeconds(cooldown))) {
      blocked(name, metric, "cooldown until " + Timestamps.iso(prev.plusSeconds(cooldown)));
      return;
    }
    if (a.network() && !allowedHour(now)) {
      blocked(
          name,
          metric,
          cfg.allowedHour() == null
              ? "network treatments are off (NETWORK_TREATMENT_ALLOWED_HOUR unset or NONE)"
              : "outside the allowed hour "
                  + String.format(Locale.ROOT, "%02d", cfg.allowedHour()));
      return;
    }
    String why = a.unavailableReason();
    if (why != null) {
      blocked(name, metric, "unavailable: " + why);
      return;
    }
    lastBlock.remove(name);
    lastAttempt.put(name, now);
    inFlight.add(name);
    Metrics copy = new Metrics().merge(metrics);
    boolean dry = cfg.mode() == Mode.DRY_RUN;
    try {
      worker.execute(() -> attempt(a, metric, criticalSince, now, copy, dry));
    } catch (RejectedExecutionException e) {
      inFlight.remove(name);
      LOG.warn("treatment {} not started: the worker is shut down", name);
    }
  }

  /** Logs a gate that held an action back, once per reason (not on every sample). */
  private void blocked(String action, String metric, String reason) {
    if (!reason.equals(lastBlock.put(action, reason))) {
      LOG.info(
          "treatment {} for {} held back: {}",
          action,
          metric,
          reason,
          kv("event", "treatment_blocked"),
          kv("action", action),
          kv("metric", metric),
          kv("reason", reason));
    }
  }

  boolean allowedHour(Instant now) {
    Integer h = cfg.allowedHour();
    return h != null && LocalDateTime.ofInstant(now, clock.getZone()).getHour() == h;
  }

  private void attempt(
      TreatmentAction a,
      String metric,
      Instant criticalSince,
      Instant now,
      Metrics metrics,
      boolean dry) {
    long t0 = System.nanoTime();
    TreatmentAction.Outcome o;
    try {
      o = a.run(new TreatmentAction.Context(now, metric, metrics, cfg.thresholds(), dry));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      o = new TreatmentAction.Outcome(false, "interrupted");
    } catch (Exception | LinkageError e) {
      o = new TreatmentAction.Outcome(false, "error: " + e);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Last l = new Last(a.name(), metric, Timestamps.iso(now), dry, o.ok(), o.result());
    synchronized (statusLock) {
      attempts.merge(a.name(), 1L, Long::sum);
      last = l;
    }
    inFlight.remove(a.name());
    String fmt = "treatment {} for {} ({}): {}";
    Object[] args = {
      a.name(),
      metric,
      dry ? "dry-run" : "on",
      o.result(),
      kv("event", "treatment_attempt"),
      kv("action", a.name()),
      kv("metric", metric),
      kv("mode", modeName(cfg.mode())),
      kv("dry_run", dry),
      kv("ok", o.ok()),
      kv("result", o.result()),
      kv("critical_since", criticalSince == null ? null : Timestamps.iso(criticalSince)),
      kv("duration_ms", ms)
    };
    if (o.ok()) {
      LOG.info(fmt, args);
    } else {
      LOG.warn(fmt, args);
    }
    completed.add(new Pending(l, clock.instant().plus(cfg.postWait())));
  }

  private void takeDueSnapshots(Instant now, Metrics metrics, Thresholds.Evaluation evaluation) {
    for (Pending p; (p = completed.poll()) != null; ) {
      waiting.add(p);
    }
    for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (now.isBefore(p.due())) {
        continue;
      }
      it.remove();
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("post_treatment", true);
      extra.put("action", p.attempt().action());
      extra.put("metric", p.attempt().metric());
      extra.put("attempt_ts", p.attempt().ts());
      extra.put("dry_run", p.attempt().dryRun());
      extra.put("ok", p.attempt().ok());
      extra.put("result", p.attempt().result());
      extra.put("wait_seconds", cfg.postWait().toMillis() / 1000.0);
      String line =
          FeedCodec.encode(
              new FeedRecord(
                  Timestamps.iso(clock.instant()),
                  "INFO",
                  "post_treatment",
                  evaluation.state().name(),
                  Timestamps.iso(now),
                  metrics,
                  cfg.host(),
                  evaluation.alerts(),
                  extra));
      try {
        worker.execute(() -> writeHistory(line));
      } catch (RejectedExecutionException e) {
        LOG.warn("post-treatment snapshot dropped: the worker is shut down");
      }
    }
  }

  private void writeHistory(String line) {
    try {
      history.add(line);
    } catch (IOException e) {
      LOG.warn("could not write {}: {}", history.file(), e.toString());
    }
  }

  /** The {@code treatments} field: mode, attempts per action, last attempt or null. */
  Map<String, Object> status() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("mode", modeName(cfg.mode()));
    synchronized (statusLock) {
      o.put("attempts", new LinkedHashMap<>(attempts));
      if (last == null) {
        o.put("last", null);
      } else {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("action", last.action());
        l.put("metric", last.metric());
        l.put("ts", last.ts());
        l.put("dry_run", last.dryRun());
        l.put("ok", last.ok());
        l.put("result", last.result());
        o.put("last", l);
      }
    }
    return o;
  }

  static String modeName(Mode m) {
    return switch (m) {
      case OFF -> "off";
      case DRY_RUN -> "dry-run";
      case ON -> "on";
    };
  }

  /** Stops the worker after the action in progress (waits up to 15 s). */
  @Override
  public void close() {
    if (ownWorker != null) {
      ownWorker.shutdown();
      try {
        if (!ownWorker.awaitTermination(15, TimeUnit.SECONDS)) {
          ownWorker.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ownWorker.shutdownNow();
      }
    }
  }
}
