package infra.monitoring.exporter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Timestamps;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exporter's HTTP endpoints on the JDK server: {@code /metrics} (client_java's handler, which
 * negotiates Prometheus text or OpenMetrics), {@code /health} (JSON; 200 when the served record is
 * fresh, 503 when there is none, it is stale or dated in the future), {@code /} (a short index).
 * GET and HEAD only; other paths are 404, other methods 405.
 */
final class ExporterServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_THREADS = 16;
  private static final Logger log = LoggerFactory.getLogger(ExporterServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final MetricsHandler metrics;
  private final FeedReader reader;
  private final double staleAfterSec;
  private final DoubleSupplier epochNow;

  ExporterServer(
      String addr,
      int port,
      PrometheusRegistry registry,
      FeedReader reader,
      double staleAfterSec,
      DoubleSupplier epochNow)
      throws IOException {
    // Without TCP_NODELAY a keep-alive scraper waits ~40 ms per scrape (Nagle + delayed ACK).
    // The JDK reads these once, when its server classes load, so they must be set before create().
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    // A worker thread reads the request headers; a client that connects and stalls would hold it
    // forever. These close such connections after 10 s.
    setIfAbsent("sun.net.httpserver.maxReqTime", "10");
    setIfAbsent("sun.net.httpserver.maxRspTime", "10");
    this.reader = reader;
    this.staleAfterSec = staleAfterSec;
    this.epochNow = epochNow;
    // A scraper hanging up mid-response (wrk at the end of a run, a timed-out Prometheus) is not
    // worth the library's default SEVERE stack trace on stderr.
    this.metrics =
        new MetricsHandler(
            PrometheusProperties.get(),
            registry,
            HttpErrorHandlingPolicy.builder()
                .errorReporter(e -> log.debug("/metrics response not sent: {}", e.toString()))
                .build());
    this.server = HttpServer.create(new InetSocketAddress(addr, port), 64);
    AtomicInteger n = new AtomicInteger();
    // Two threads serve a scraper at full speed; more start on demand (a stalled client must not
    // block scrapes) and stop after a minute idle. No queue: a request never waits behind another.
    this.executor =
        new ThreadPoolExecutor(
            2,
            MAX_THREADS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(executor);
    server.createContext("/", this::route);
    server.start();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void route(HttpExchange ex) throws IOException {
    try {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return;
      }
      switch (path) {
        case "/metrics" -> metrics.handle(ex);
        case "/health" -> health(ex);
        case "/" ->
            send(
                ex,
                200,
                "text/plain; charset=utf-8",
                "infra-monitoring exporter\n/metrics  Prometheus metrics\n/health   JSON health\n");
        default -> send(ex, 404, "text/plain; charset=utf-8", "not found\n");
      }
    } finally {
      ex.close();
    }
  }

  private void health(HttpExchange ex) throws IOException {
    reader.maybeRefresh();
    FeedReader.State s = reader.state();
    Health h = Health.of(s, staleAfterSec, epochNow.getAsDouble());
    send(ex, h.httpStatus(), "application/json", JSON.writeValueAsString(h.body()) + "\n");
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * The /health answer for a state at a time: 200 only when {@link Freshness} says the record is
   * fresh; 503 with {@code no_data}, {@code stale} or {@code clock_skew} (a record dated in the
   * future, {@code age_seconds} negative) otherwise.
   */
  record Health(int httpStatus, Map<String, Object> body) {
    static Health of(FeedReader.State s, double staleAfterSec, double now) {
      Map<String, Object> b = new LinkedHashMap<>();
      FeedRecord r = s.record();
      Freshness.Verdict v = Freshness.of(r, now, staleAfterSec);
      b.put("status", v.status().label());
      if (v.ageSeconds() == null) {
        b.put("state", null);
        b.put("last_sample", null);
        b.put("age_seconds", null);
        b.put("stale_after_seconds", staleAfterSec);
        b.put("feed_file", s.feedFile());
        return new Health(503, b);
      }
      double sampled = r.epochSeconds();
      b.put("state", r.state());
      long micros = Math.round(sampled * 1e6);
      b.put(
          "last_sample",
          Timestamps.iso(
              Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)));
      b.put("age_seconds", Math.round(v.ageSeconds() * 1000) / 1000.0);
      b.put("stale_after_seconds", staleAfterSec);
      b.put("feed_file", s.recordFile());
      return new Health(v.fresh() ? 200 : 503, b);
    }
  }
}
