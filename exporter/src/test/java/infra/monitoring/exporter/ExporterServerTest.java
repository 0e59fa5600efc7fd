package infra.monitoring.exporter;

import static infra.monitoring.exporter.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.exporter.http.Limits;
import infra.monitoring.exporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP surface in process: negotiation, legacy names, /health, HEAD, 404, 405. */
class ExporterServerTest {
  @TempDir Path root;
  final AtomicReference<Double> now = new AtomicReference<>(T0 + 1);
  ExporterServer server;
  Path feed;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  int start(boolean legacy) throws IOException {
    feed = new LogLayout(root).feedFile(LocalDate.of(2026, 11, 23));
    FeedReader reader = new FeedReader(root, System::nanoTime, 0, 0);
    PrometheusRegistry registry = new PrometheusRegistry();
    FeedCollector.register(registry, reader, legacy, 30, now::get);
    server = new ExporterServer("127.0.0.1", 0, registry, reader, 30, now::get);
    return server.port();
  }

  @Test
  void openMetricsByContentNegotiation() throws Exception {
    int port = start(false);
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    HttpResponse<String> r =
        Http.send(
            port, "/metrics", "GET", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(r.body())
        .endsWith("# EOF\n")
        .contains("# TYPE monitoring_network_receive_bytes counter\n")
        .contains("# UNIT monitoring_network_receive_bytes bytes\n")
        .contains("monitoring_network_receive_bytes_total{interface=\"eth0\"} 1.8106306E8\n")
        .contains("# TYPE monitoring_state stateset\n")
        .contains("monitoring_state{monitoring_state=\"CRITICAL\"} 1\n");
    HttpResponse<String> text = Http.get(port, "/metrics");
    assertThat(text.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    assertThat(text.body()).doesNotContain("# EOF").doesNotContain("# UNIT");
  }

  @Test
  void legacyNamesAddTheOriginalsNamesWithTheRecordsValues() throws Exception {
    int port = start(true);
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    String body = Http.get(port, "/metrics").body();
    assertThat(body)
        .contains("\nmonitoring_ping_ms 0.59\n")
        .contains("\nmonitoring_latency_ms 0.19\n")
        .contains("\nmonitoring_cpu_freq_ghz 2.596134\n")
        .contains("\nmonitoring_bytes_sent 8.6270014E7\n")
        .contains("\nmonitoring_bytes_recv 1.8106306E8\n")
        .contains("\nmonitoring_timestamp 1.795469671845335E9\n")
        .contains("\nmonitoring_load_1 0.38\n")
        .contains("\nmonitoring_net_in_mbps 0.8\n")
        .contains("\nmonitoring_cpu_temp_c 48.5\n")
        .contains("\nmonitoring_latency_estimated 0.0\n")
        .contains("\nmonitoring_cpu_percent 47.6\n")
        .contains("\nprocess_num_threads ")
        .contains("\nprocess_uptime_seconds ")
        .contains("\nprocess_memory_rss_bytes ")
        .contains("\nprocess_num_fds ")
        .contains("\nmonitoring_ping_rtt_seconds{");
    stop();
    server = null;
    start(false);
    assertThat(Http.get(server.port(), "/metrics").body())
        .doesNotContain("monitoring_ping_ms")
        .doesNotContain("process_num_threads");
  }

  @Test
  void nullValuesAreAbsentSeries() throws Exception {
    int port = start(false);
    TestRecords.append(feed, TestRecords.line(TestRecords.minimal(T0, 5)));
    String body = Http.get(port, "/metrics").body();
    assertThat(body)
        .contains("\nmonitoring_cpu_percent 5.0\n")
        .doesNotContain("monitoring_temperature_celsius")
        .doesNotContain("monitoring_disk_used_bytes")
        .doesNotContain("monitoring_ping_rtt_seconds")
        .doesNotContain("monitoring_alert");
  }

  @Test
  void seriesOfADiskThatDisappearsDisappear() throws Exception {
    int port = start(false);
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    assertThat(Http.get(port, "/metrics").body()).contains("mountpoint=\"/boot\"");
    var r = TestRecords.full(T0 + 1, 40);
    r.metrics().rows(RecordList.DISKS, r.metrics().rows(RecordList.DISKS).subList(0, 1));
    TestRecords.append(feed, TestRecords.line(r));
    String body = Http.get(port, "/metrics").body();
    assertThat(body).contains("mountpoint=\"/\"").doesNotContain("mountpoint=\"/boot\"");
  }

  @Test
  void healthMovesWithTheRecordsAge() throws Exception {
    int port = start(false);
    HttpResponse<String> none = Http.get(port, "/health");
    assertThat(none.statusCode()).isEqualTo(503);
    JsonNode n = new ObjectMapper().readTree(none.body());
    assertThat(n.get("status").asText()).isEqualTo("no_data");
    assertThat(n.get("last_sample").isNull()).isTrue();

    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    HttpResponse<String> ok = Http.get(port, "/health");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/json");
    assertThat(ok.body())
        .isEqualTo(
            "{\"status\":\"ok\",\"state\":\"CRITICAL\","
                + "\"last_sample\":\"2026-11-23T21:34:31.845335+00:00\",\"age_seconds\":1.0,"
                + "\"stale_after_seconds\":30.0,\"feed_file\":\"monitoring-2026-11-23.jsonl\"}\n");

    now.set(T0 + 31);
    HttpResponse<String> stale = Http.get(port, "/health");
    assertThat(stale.statusCode()).isEqualTo(503);
    assertThat(new ObjectMapper().readTree(stale.body()).get("status").asText()).isEqualTo("stale");

    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0 + 30, 10)));
    assertThat(Http.get(port, "/health").statusCode()).isEqualTo(200);
  }

  @Test
  void headWorksOnBothEndpointsAndOtherPathsAre404() throws Exception {
    int port = start(false);
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    HttpResponse<String> head = Http.send(port, "/metrics", "HEAD", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(Long.parseLong(head.headers().firstValue("Content-Length").orElse("0")))
        .isEqualTo(Http.get(port, "/metrics").body().getBytes("UTF-8").length);
    HttpResponse<String> h = Http.send(port, "/health", "HEAD", null);
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(h.body()).isEmpty();
    assertThat(Http.get(port, "/nope").statusCode()).isEqualTo(404);
    assertThat(Http.get(port, "/metricsx").statusCode()).isEqualTo(404);
    assertThat(Http.get(port, "/health/x").statusCode()).isEqualTo(404);
    HttpResponse<String> post = Http.send(port, "/metrics", "POST", null);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow").orElse("")).isEqualTo("GET, HEAD");
  }

  @Test
  void onceAScraperSendsItsTimeoutHeaderOtherGetsOfMetricsAreNotScrapes() throws Exception {
    feed = new LogLayout(root).feedFile(LocalDate.of(2026, 11, 23));
    FeedReader reader = new FeedReader(root, System::nanoTime, 0, 0);
    PrometheusRegistry registry = new PrometheusRegistry();
    FeedCollector.register(registry, reader, false, 30, now::get);
    AtomicInteger scrapes = new AtomicInteger();
    server =
        new ExporterServer(
            "127.0.0.1",
            0,
            registry,
            reader,
            30,
            now::get,
            WebSecurity.NONE,
            Limits.defaults(Limits.DEFAULT_MAX_REQUESTS),
            scrapes::incrementAndGet);
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    int port = server.port();

    // No scraper has sent the header yet: every answered GET keeps the clock.
    assertThat(Http.get(port, "/metrics").statusCode()).isEqualTo(200);
    assertThat(scrapes.get()).isEqualTo(1);
    assertThat(scraperGet(port).statusCode()).isEqualTo(200);
    assertThat(scrapes.get()).isEqualTo(2);
    // From now on a plain GET (a person's curl) is answered but is not a scrape; HEAD never is.
    assertThat(Http.get(port, "/metrics").statusCode()).isEqualTo(200);
    assertThat(Http.send(port, "/metrics", "HEAD", null).statusCode()).isEqualTo(200);
    assertThat(scrapes.get()).isEqualTo(2);
    assertThat(scraperGet(port).statusCode()).isEqualTo(200);
    assertThat(scrapes.get()).isEqualTo(3);
  }

  private static HttpResponse<String> scraperGet(int port) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .header(ExporterServer.SCRAPE_TIMEOUT_HEADER, "10")
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
