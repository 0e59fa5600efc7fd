package infra.monitoring.collector;

import ch.qos.logback.classic.LoggerContext;
import infra.monitoring.collector.feed.ArchiveRepair;
import infra.monitoring.collector.feed.FeedWriter;
import infra.monitoring.collector.feed.Retention;
import infra.monitoring.collector.feed.RetentionSettings;
import infra.monitoring.collector.feed.Rotation;
import infra.monitoring.collector.files.FileModes;
import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.collector.netlearn.NetworkUsageLearner;
import infra.monitoring.collector.source.Sampler;
import infra.monitoring.collector.source.SourceRegistry;
import infra.monitoring.collector.summary.HourlySummary;
import infra.monitoring.collector.treatment.TreatmentEngine;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector daemon: loads the settings (a bad one prints one line and exits 2 before anything
 * is written), prepares the log root, configures logging, then samples at a fixed rate into the
 * feed until the cycle count or run time is reached or SIGTERM/SIGINT arrives, which finishes the
 * current record and exits 0.
 */
public final class CollectorMain {
  /** System properties read by logback.xml; set before the first logger is created. */
  static final String APP_DIR_PROPERTY = "monitoring.app.dir";

  static final String LEVEL_PROPERTY = "monitoring.log.level";

  /** How long a signal waits for the current record and the shutdown before exiting anyway. */
  private static final long SHUTDOWN_WAIT_SECONDS = 10;

  private CollectorMain() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.exit(code);
  }

  /**
   * The enrichers, record observers and maintenance tasks, in order: the one place where they are
   * listed. Add a behaviour's parts here.
   */
  static Components components(CollectorSettings s, LogLayout layout, ZoneId zone) {
    Components c = new Components();
    // Rotation, archive repair and retention of the feed and the human logs.
    RetentionSettings r = s.retention();
    c.task(new Rotation(layout, zone, Duration.ofSeconds(r.rotateIntervalSec())));
    c.task(new ArchiveRepair(layout, Duration.ofSeconds(r.compressIntervalSec())));
    c.task(
        new Retention(
            layout, zone, Duration.ofSeconds(r.safeRemoveIntervalSec()), r.days(), r.safeDays()));
    // Behaviours: network learning (enricher; its task saves the state file once a minute),
    // sustained-critical tracking and treatments (observer), the hourly summary (task).
    Clock local = Clock.system(zone);
    NetworkUsageLearner learning = new NetworkUsageLearner(s, local);
    c.enricher(learning).task(learning).closeable(learning);
    TreatmentEngine treatments = new TreatmentEngine(s, local);
    c.observer(treatments).closeable(treatments);
    c.task(new HourlySummary(s, local));
    return c;
  }

  /** Runs the daemon and returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CollectorSettings settings;
    try {
      SettingsSource source =
          SettingsSource.load(
              args, System.getenv(), CollectorSettings.FLAGS, Path.of("").toAbsolutePath());
      if (source.helpRequested()) {
        out.print(SettingsSource.usage("collector", "[options]", CollectorSettings.FLAGS));
        return 0;
      }
      if (!source.positional().isEmpty()) {
        throw new ConfigException(
            "unexpected argument '" + source.positional().get(0) + "' (see --help)");
      }
      settings = CollectorSettings.load(source);
    } catch (ConfigException e) {
      err.println("collector: " + e.getMessage());
      return 2;
    }
    LogLayout layout = settings.layout();
    FileModes.use(settings.files());
    try {
      prepare(layout);
    } catch (IOException e) {
      err.println("collector: cannot use the log root " + layout.root() + ": " + e);
      return 1;
    }
    configureLogging(layout, settings.log().level());
    Logger log = LoggerFactory.getLogger(CollectorMain.class);
    try {
      return new CollectorMain.Daemon(settings, layout, out, log).run();
    } catch (Exception | LinkageError e) {
      log.debug("start-up failed", e);
      log.error("collector failed to start: {}", e.toString());
      stopLogging();
      return 1;
    }
  }

  /**
   * Creates the log root's directories (with the directory mode of {@link FileModes}; existing ones
   * keep theirs) and checks that they are writable.
   */
  static void prepare(LogLayout layout) throws IOException {
    for (Path dir :
        List.of(layout.jsonDir(), layout.logDir(), layout.archiveDir(), layout.appDir())) {
      SafeFiles.createDirectories(dir);
      if (!Files.isWritable(dir)) {
        throw new IOException(dir + " is not writable");
      }
    }
  }

  private static void configureLogging(LogLayout layout, String level) {
    System.setProperty(APP_DIR_PROPERTY, layout.appDir().toAbsolutePath().toString());
    System.setProperty(LEVEL_PROPERTY, level);
  }

  /** Flushes and closes the log appenders (logback installs no shutdown hook of its own here). */
  static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.stop();
    }
  }

  /** Wiring and lifetime of one run. */
  private static final class Daemon {
    private final CollectorSettings settings;
    private final LogLayout layout;
    private final PrintStream out;
    private final Logger log;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean signalled;

    Daemon(CollectorSettings settings, LogLayout layout, PrintStream out, Logger log) {
      this.settings = settings;
      this.layout = layout;
      this.out = out;
      this.log = log;
    }

    int run() throws Exception {
      for (String w : settings.warnings()) {
        log.warn(w);
      }
      Clock clock = Clock.systemUTC();
      ZoneId zone = ZoneId.systemDefault();
      RunSettings run = settings.run();
      FeedWriter writer = new FeedWriter(layout, zone, run.durableWrites());
      writer.open(LocalDate.now(zone));
      Sampler sampler =
          new Sampler(
              SourceRegistry.create(settings.sources(), settings.probes()),
              settings.sources(),
              run.intervalSec());
      Components parts = components(settings, layout, zone);
      SampleCycle cycle =
          new SampleCycle(
              sampler::sample,
              parts.enrichers(),
              settings.thresholds(),
              parts.observers(),
              HostName.resolve(run.host(), settings.sources().paths().rootfs()),
              writer,
              clock,
              new VerboseOutput(run.verbose(), out));
      FixedRateScheduler scheduler =
          new FixedRateScheduler(
              Duration.ofNanos((long) (run.intervalSec() * 1e9)),
              run.cycles(),
              run.duration(),
              FixedRateScheduler.SYSTEM);
      Maintenance maintenance = new Maintenance(parts.tasks(), clock);
      Thread hook = new Thread(() -> onSignal(scheduler), "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      log.info(
          "collector started: interval {} s, feed {}, cycles {}, duration {}",
          run.intervalSec(),
          layout.jsonDir(),
          run.cycles() == 0 ? "forever" : run.cycles(),
          run.duration() == null ? "none" : run.duration());
      try {
        FixedRateScheduler.Result result;
        try {
          maintenance.start();
          result = scheduler.run(n -> cycle.run());
        } finally {
          maintenance.close();
          closeQuietly(sampler);
          for (AutoCloseable c : parts.closeables()) {
            closeQuietly(c);
          }
          writer.close();
        }
        log.info(
            "collector stopped{}: {} records written, {} failed writes, {} ticks skipped",
            signalled ? " by signal" : "",
            writer.written(),
            writer.failures(),
            result.skipped());
        stopLogging();
      } finally {
        finished.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // A signal arrived as the loop ended: the hook exits 0 now that everything is closed.
      }
      return 0;
    }

    /**
     * Shutdown hook (SIGTERM, SIGINT): stops the loop after the record in progress, waits for the
     * files to be closed and the logs flushed, then exits 0, as a requested stop is a clean one.
     */
    private void onSignal(FixedRateScheduler scheduler) {
      signalled = true;
      scheduler.stop();
      try {
        if (!finished.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)) {
          System.err.println("collector: shutdown did not finish in time; exiting");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(0);
    }

    private void closeQuietly(AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
