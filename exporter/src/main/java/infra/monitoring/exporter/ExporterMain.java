package infra.monitoring.exporter;

import ch.qos.logback.classic.Level;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsSource;
import infra.monitoring.exporter.gapfill.GapFill;
import infra.monitoring.exporter.http.Limits;
import infra.monitoring.exporter.web.WebConfigException;
import infra.monitoring.exporter.web.WebSecurity;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code exporter.jar}: serves the feed's newest record at {@code /metrics} and
 * {@code /health}, or, as {@code backfill --from <log root> --out <file>}, writes the whole feed
 * history as OpenMetrics for {@code promtool tsdb create-blocks-from openmetrics}.
 */
public final class ExporterMain {
  private ExporterMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("backfill")) {
      System.exit(Backfill.main(Arrays.copyOfRange(args, 1, args.length)));
    }
    ExporterSettings settings;
    try {
      SettingsSource source =
          SettingsSource.load(
              args, System.getenv(), ExporterSettings.FLAGS, Path.of("").toAbsolutePath());
      if (source.helpRequested()) {
        System.out.print(
            SettingsSource.usage(
                "exporter.jar",
                "[options] | backfill --from DIR --out FILE",
                ExporterSettings.FLAGS));
        return;
      }
      if (!source.positional().isEmpty()) {
        System.err.println(
            "exporter: unknown command '"
                + source.positional().get(0)
                + "' (the only command is: backfill --from DIR --out FILE)");
        System.exit(2);
        return;
      }
      settings = ExporterSettings.load(source);
    } catch (ConfigException e) {
      System.err.println("exporter: " + e.getMessage());
      System.exit(2);
      return;
    }
    WebSecurity web = WebSecurity.NONE;
    if (settings.webConfig() != null) {
      try {
        web = WebSecurity.load(settings.webConfig());
      } catch (WebConfigException e) {
        System.err.println("exporter: MONITORING_EXPORTER_WEB_CONFIG: " + e.getMessage());
        System.exit(2);
        return;
      }
    }
    setLogLevel(settings.log().level());
    Logger log = LoggerFactory.getLogger(ExporterMain.class);
    settings.warnings().forEach(log::warn);

    PrometheusRegistry registry = new PrometheusRegistry();
    FeedReader reader = FeedReader.create(settings.log().root());
    FeedCollector.register(
        registry, reader, settings.legacyNames(), settings.staleAfterSec(), ExporterMain::epochNow);
    registerSelfMetrics(registry);
    reader.refreshNow();
    GapFill gapFill = null;
    if (settings.gapFill().enabled()) {
      try {
        gapFill =
            GapFill.start(
                settings.gapFill(),
                settings.layout(),
                RecordSeries.of(settings.legacyNames()),
                () -> servedSampleTime(reader),
                ExporterMain::epochNow,
                registry);
      } catch (ConfigException e) {
        System.err.println("exporter: " + e.getMessage());
        System.exit(2);
        return;
      }
    }
    Runnable onScrape = gapFill == null ? () -> {} : gapFill::scraped;
    ExporterServer server;
    try {
      server =
          new ExporterServer(
              settings.addr(),
              settings.port(),
              registry,
              reader,
              settings.staleAfterSec(),
              ExporterMain::epochNow,
              web,
              Limits.defaults(settings.maxRequests()),
              onScrape);
    } catch (BindException e) {
      System.err.println(
          "exporter: cannot listen on "
              + settings.addr()
              + ":"
              + settings.port()
              + " ("
              + e.getMessage()
              + "); set MONITORING_EXPORTER_PORT or --port");
      System.exit(1);
      return;
    } catch (IOException e) {
      System.err.println("exporter: cannot start the HTTP server: " + e);
      System.exit(1);
      return;
    }
    log.info(
        "listening on {}://{}:{}/metrics{}, feed {}, stale after {} s{}",
        server.tls() ? "https" : "http",
        settings.addr(),
        server.port(),
        web.auth() != null ? " (basic auth)" : "",
        settings.layout().jsonDir(),
        settings.staleAfterSec(),
        settings.legacyNames() ? ", legacy names on" : "");
    if (gapFill != null) {
      log.info(
          "gap fill on: gaps pushed to {} as job=\"{}\", instance=\"{}\"",
          settings.gapFill().url(),
          settings.gapFill().job(),
          settings.gapFill().instance());
    }
    GapFill closing = gapFill;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (closing != null) {
                    closing.close();
                  }
                  stopped.countDown();
                },
                "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Process metrics and a cheap JVM subset (runtime info, GC counts and times). The rest of
   * JvmMetrics (thread states, memory-pool walks) costs more per scrape than everything else
   * together; {@code -Dexporter.jvmMetrics=all} registers it anyway, {@code none} only the process
   * metrics. They are collected at most once a second ({@link CachedCollector}). Measured in
   * scripts/bench-exporter.sh; see docs/benchmarks.md.
   */
  static void registerSelfMetrics(PrometheusRegistry registry) {
    PrometheusRegistry self = new PrometheusRegistry();
    registerSelfMetrics(self, System.getProperty("exporter.jvmMetrics", "subset"));
    registry.register(new CachedCollector(self, 1_000_000_000L, System::nanoTime));
  }

  /** Registers the self-metrics uncached (tests, and the inner registry of the cache). */
  static void registerSelfMetrics(PrometheusRegistry registry, String jvm) {
    if (jvm.equals("all")) {
      JvmMetrics.builder().register(registry); // includes ProcessMetrics
      return;
    }
    ProcessMetrics.builder().register(registry);
    switch (jvm) {
      case "none" -> {}
      case "memory" -> {
        JvmRuntimeInfoMetric.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
      }
      default -> {
        JvmRuntimeInfoMetric.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
      }
    }
  }

  private static double servedSampleTime(FeedReader reader) {
    FeedRecord r = reader.state().record();
    Double t = r == null ? null : r.epochSeconds();
    return t == null ? Double.NaN : t;
  }

  static double epochNow() {
    return Timestamps.epochSeconds(Instant.now());
  }

  private static void setLogLevel(String level) {
    org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
