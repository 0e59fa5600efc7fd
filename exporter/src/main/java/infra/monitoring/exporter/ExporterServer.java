package infra.monitoring.exporter;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Timestamps;
import infra.monitoring.exporter.http.HttpServer;
import infra.monitoring.exporter.http.Limits;
import infra.monitoring.exporter.http.Request;
import infra.monitoring.exporter.http.Response;
import infra.monitoring.exporter.http.ScrapeExchange;
import infra.monitoring.exporter.http.Service;
import infra.monitoring.exporter.web.WebSecurity;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The exporter's endpoints: {@code /metrics} (client_java's scrape handler, which negotiates
 * Prometheus text or OpenMetrics), {@code /health} (JSON; 200 when the served record is fresh, 503
 * when there is none, it is stale or dated in the future), {@code /} (a short index). GET and HEAD
 * only; other paths are 404, other methods 405. With basic auth on, {@code /health} stays open for
 * container healthchecks but answers only its status to a request without valid credentials. Served
 * by {@link HttpServer}, which owns deadlines, limits, TLS and authentication.
 */
final class ExporterServer implements Service, AutoCloseable {
  private static final String INDEX =
      "infra-monitoring exporter\n/metrics  Prometheus metrics\n/health   JSON health\n";

  private final HttpServer server;
  private final PrometheusScrapeHandler metrics;
  private final FeedReader reader;
  private final double staleAfterSec;
  private final DoubleSupplier epochNow;
  private final Runnable onScrape;

  static final String SCRAPE_TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
  private volatile boolean scraperSendsTimeout;

  ExporterServer(
      String addr,
      int port,
      PrometheusRegistry registry,
      FeedReader reader,
      double staleAfterSec,
      DoubleSupplier epochNow)
      throws IOException {
    this(
        addr,
        port,
        registry,
        reader,
        staleAfterSec,
        epochNow,
        WebSecurity.NONE,
        Limits.defaults(Limits.DEFAULT_MAX_REQUESTS));
  }

  ExporterServer(
      String addr,
      int port,
      PrometheusRegistry registry,
      FeedReader reader,
      double staleAfterSec,
      DoubleSupplier epochNow,
      WebSecurity web,
      Limits limits)
      throws IOException {
    this(addr, port, registry, reader, staleAfterSec, epochNow, web, limits, () -> {});
  }

  /**
   * @param onScrape told of each scrape answered 200 (the gap fill's clock); runs on the scrape's
   *     thread, so it must cost next to nothing
   */
  ExporterServer(
      String addr,
      int port,
      PrometheusRegistry registry,
      FeedReader reader,
      double staleAfterSec,
      DoubleSupplier epochNow,
      WebSecurity web,
      Limits limits,
      Runnable onScrape)
      throws IOException {
    this.onScrape = onScrape;
    this.reader = reader;
    this.staleAfterSec = staleAfterSec;
    this.epochNow = epochNow;
    this.metrics = new PrometheusScrapeHandler(PrometheusProperties.get(), registry);
    this.server = new HttpServer(addr, port, limits, this, web.tls(), web.auth(), web.headers());
  }

  int port() {
    return server.port();
  }

  boolean tls() {
    return server.tls();
  }

  @Override
  public boolean limited(String path) {
    return path.equals("/metrics");
  }

  @Override
  public boolean open(String path) {
    return path.equals("/health");
  }

  @Override
  public Response handle(Request r) {
    if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
      return Response.text(405, "method not allowed\n").with("Allow", "GET, HEAD");
    }
    return switch (r.path()) {
      case "/metrics" -> scraped(r, ScrapeExchange.scrape(metrics, r));
      case "/health" -> health(r.authenticated());
      case "/" -> Response.text(200, INDEX);
      default -> Response.text(404, "not found\n");
    };
  }

  private Response scraped(Request r, Response answer) {
    if (answer.status() == 200 && r.method().equals("GET") && isScrape(r)) {
      onScrape.run();
    }
    return answer;
  }

  /**
   * Whether a GET of /metrics is the scraper's. Prometheus, vmagent and Alloy send {@link
   * #SCRAPE_TIMEOUT_HEADER} with every scrape; a person's curl does not. Once a request carried it,
   * requests without it no longer count, so that looking at /metrics during an outage does not end
   * (and so hide) the gap. Until then every GET counts: a scraper that never sends the header still
   * keeps the gap fill's clock.
   */
  private boolean isScrape(Request r) {
    if (r.headers().contains(SCRAPE_TIMEOUT_HEADER)) {
      scraperSendsTimeout = true;
      return true;
    }
    return !scraperSendsTimeout;
  }

  private Response health(boolean details) {
    reader.maybeRefresh();
    Health h = Health.of(reader.state(), staleAfterSec, epochNow.getAsDouble());
    Map<String, Object> body = details ? h.body() : Map.of("status", h.body().get("status"));
    return Response.of(h.httpStatus(), "application/json", FlatJson.write(body) + "\n");
  }

  @Override
  public void close() {
    server.close();
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
