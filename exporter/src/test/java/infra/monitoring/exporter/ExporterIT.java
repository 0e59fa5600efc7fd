package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.MemoryMetric;
import infra.monitoring.common.metric.NetworkMetric;
import infra.monitoring.common.metric.ProbeMetric;
import infra.monitoring.common.metric.RecordList;
import infra.monitoring.common.metric.SensorMetric;
import infra.monitoring.common.metric.SystemMetric;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter jar on temporary feeds. */
class ExporterIT {
  @TempDir Path dir;

  Path root() {
    return dir.resolve("logs");
  }

  Path feed() {
    return new LogLayout(root()).feedFile(LocalDate.of(2026, 11, 23));
  }

  ExporterProcess start(Map<String, String> extra) throws Exception {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("MONITORING_LOG_ROOT", root().toString());
    return ExporterProcess.start(dir, env);
  }

  static double now() {
    return Timestamps.epochSeconds(Instant.now());
  }

  /** Polls until the body satisfies the predicate (the exporter re-checks every 250 ms). */
  static String awaitMetrics(int port, Predicate<String> p) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    String body;
    do {
      HttpResponse<String> r = Http.get(port, "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      body = r.body();
      if (p.test(body)) {
        return body;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("condition not met; last body:\n" + body);
  }

  static int awaitHealth(int port, int status, double seconds) throws Exception {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    int last;
    do {
      last = Http.get(port, "/health").statusCode();
      if (last == status) {
        return last;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    return last;
  }

  @Test
  void servedValuesEqualTheRecords() throws Exception {
    FeedRecord r = TestRecords.full(now(), 47.6);
    TestRecords.append(feed(), TestRecords.line(r));
    try (ExporterProcess e = start(Map.of())) {
      Map<String, Double> m = Exposition.parse(Http.get(e.port, "/metrics").body());
      Metrics x = r.metrics();
      assertThat(m.get("monitoring_cpu_percent")).isEqualTo(x.number(CpuMetric.CPU_PERCENT));
      assertThat(m.get("monitoring_cpu_frequency_hertz"))
          .isCloseTo(x.number(CpuMetric.CPU_FREQ_GHZ) * 1e9, within(1e-3));
      assertThat(m.get("monitoring_memory_used_bytes"))
          .isEqualTo((double) x.integer(MemoryMetric.MEMORY_USED_BYTES));
      assertThat(m.get("monitoring_memory_total_bytes"))
          .isEqualTo((double) x.integer(MemoryMetric.MEMORY_TOTAL_BYTES));
      assertThat(m.get("monitoring_memory_percent"))
          .isEqualTo(x.number(MemoryMetric.MEMORY_PERCENT));
      assertThat(m.get("monitoring_swap_used_bytes"))
          .isEqualTo((double) x.integer(MemoryMetric.SWAP_USED_BYTES));
      assertThat(m.get("monitoring_load1")).isEqualTo(x.number(SystemMetric.LOAD_1));
      assertThat(m.get("monitoring_load15")).isEqualTo(x.number(SystemMetric.LOAD_15));
      assertThat(m.get("monitoring_temperature_celsius"))
          .isEqualTo(x.number(SensorMetric.TEMPERATURE));
      assertThat(m.get("monitoring_network_receive_bytes_per_second"))
          .isCloseTo(x.number(NetworkMetric.NET_IN_MBPS) * 125_000, within(1e-6));
      for (Metrics.Row d : x.rows(RecordList.DISKS)) {
        String l = "{mountpoint=\"" + d.id() + "\"}";
        assertThat(m.get("monitoring_disk_used_bytes" + l))
            .isEqualTo(d.number(DiskMetric.MOUNT_USED_BYTES));
        assertThat(m.get("monitoring_disk_total_bytes" + l))
            .isEqualTo(d.number(DiskMetric.MOUNT_TOTAL_BYTES));
        assertThat(m.get("monitoring_disk_percent" + l))
            .isEqualTo(d.number(DiskMetric.MOUNT_PERCENT));
      }
      for (Metrics.Row i : x.rows(RecordList.INTERFACES)) {
        String l = "{interface=\"" + i.id() + "\"}";
        assertThat(m.get("monitoring_network_receive_bytes_total" + l))
            .isEqualTo(i.number(NetworkMetric.INTERFACE_BYTES_RECV));
        assertThat(m.get("monitoring_network_transmit_bytes_total" + l))
            .isEqualTo(i.number(NetworkMetric.INTERFACE_BYTES_SENT));
      }
      Metrics.Row p = x.rows(RecordList.PROBES).get(0);
      assertThat(
              m.get(
                  "monitoring_ping_rtt_seconds{method=\""
                      + p.text(ProbeMetric.PROBE_METHOD)
                      + "\",target=\""
                      + p.id()
                      + "\"}"))
          .isCloseTo(p.number(ProbeMetric.PROBE_PING_MS) / 1000, within(1e-12));
      assertThat(m.get("monitoring_ping_loss_ratio{target=\"" + p.id() + "\"}"))
          .isCloseTo(p.number(ProbeMetric.PROBE_LOSS_PERCENT) / 100, within(1e-12));
      assertThat(m.get("monitoring_tcp_connect_seconds{target=\"" + p.id() + "\"}"))
          .isCloseTo(p.number(ProbeMetric.PROBE_LATENCY_MS) / 1000, within(1e-12));
      assertThat(m.get("monitoring_state{monitoring_state=\"CRITICAL\"}")).isEqualTo(1.0);
      assertThat(m.get("monitoring_state{monitoring_state=\"STABLE\"}")).isEqualTo(0.0);
      assertThat(m.get("monitoring_alert{level=\"CRITICAL\",metric=\"cpu_percent\"}"))
          .isEqualTo(1.0);
      assertThat(m.get("monitoring_last_sample_timestamp_seconds"))
          .isCloseTo(r.epochSeconds(), within(1e-6));
      assertThat(m.get("monitoring_collector_cpu_seconds_total"))
          .isEqualTo(x.number(CollectorMetric.COLLECTOR_CPU_SECONDS));
      assertThat(m.get("monitoring_collector_source_success{source=\"sensors\"}")).isEqualTo(0.0);
      assertThat(m.get("monitoring_net_learned_limit_bytes"))
          .isEqualTo((double) x.integer(NetworkMetric.NET_LEARNED_LIMIT_BYTES));
      assertThat(
              m.get(
                  "monitoring_treatment_attempts_total{action=\"cleanup_temp_files\",mode=\"dry-run\"}"))
          .isEqualTo(2.0);
      assertThat(m.get("monitoring_exporter_record_available")).isEqualTo(1.0);
      assertThat(m.get("monitoring_exporter_record_age_seconds")).isBetween(0.0, 30.0);
      assertThat(m).containsKeys("process_cpu_seconds_total", "process_resident_memory_bytes");
    }
  }

  @Test
  void healthGoesStaleAndRecovers() throws Exception {
    // The record is written once the exporter is up, so a slow JVM start on a loaded machine
    // cannot age it past the limit before the first check.
    try (ExporterProcess e = start(Map.of("MONITORING_STALE_AFTER_SEC", "3"))) {
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(503);
      TestRecords.append(feed(), TestRecords.line(TestRecords.full(now(), 10)));
      assertThat(awaitHealth(e.port, 200, 2)).isEqualTo(200);
      HttpResponse<String> ok = Http.get(e.port, "/health");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      var body = new ObjectMapper().readTree(ok.body());
      assertThat(body.get("status").asText()).isEqualTo("ok");
      assertThat(body.get("state").asText()).isEqualTo("CRITICAL");
      assertThat(body.get("stale_after_seconds").asDouble()).isEqualTo(3.0);
      assertThat(body.get("feed_file").asText()).isEqualTo(feed().getFileName().toString());

      assertThat(awaitHealth(e.port, 503, 8)).isEqualTo(503);
      assertThat(
              new ObjectMapper()
                  .readTree(Http.get(e.port, "/health").body())
                  .get("status")
                  .asText())
          .isEqualTo("stale");

      TestRecords.append(feed(), TestRecords.line(TestRecords.full(now(), 20)));
      assertThat(awaitHealth(e.port, 200, 2)).isEqualTo(200);
    }
  }

  @Test
  void badInputNeverFailsAScrape() throws Exception {
    try (ExporterProcess e = start(Map.of())) {
      // No directory at all.
      String body = Http.get(e.port, "/metrics").body();
      assertThat(Exposition.parse(body).get("monitoring_exporter_record_available")).isZero();
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(503);

      // An empty file.
      Files.createDirectories(feed().getParent());
      Files.writeString(feed(), "");
      awaitMetrics(e.port, b -> b.contains("monitoring_exporter_feed_reads_total 1.0"));
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(503);

      // A valid record, then every kind of bad line after it.
      TestRecords.append(feed(), TestRecords.line(TestRecords.full(now(), 33)));
      awaitMetrics(e.port, b -> b.contains("\nmonitoring_cpu_percent 33.0\n"));
      TestRecords.append(feed(), "{\"ts\": \"2026-11-23T00:00:00+00:00\", \"metr\n");
      awaitMetrics(e.port, b -> b.contains("{reason=\"invalid_json\"} 1.0"));
      TestRecords.append(feed(), "[1, 2]\n");
      awaitMetrics(e.port, b -> b.contains("{reason=\"not_object\"} 1.0"));
      TestRecords.append(
          feed(),
          infra.monitoring.common.FeedCodec.encode(TestRecords.full(now(), 1))
                  .replace("\"cpu_percent\": 1.0", "\"cpu_percent\": Infinity")
              + "\n");
      awaitMetrics(e.port, b -> b.contains("{reason=\"non_finite\"} 1.0"));
      byte[] big = new byte[2 * 1024 * 1024];
      Arrays.fill(big, (byte) '{');
      try (OutputStream o = Files.newOutputStream(feed(), StandardOpenOption.APPEND)) {
        o.write(big);
        o.write('\n');
      }
      awaitMetrics(e.port, b -> b.contains("{reason=\"too_long\"} 1.0"));
      TestRecords.append(feed(), "{\"ts\": \"2026-11-23T00:00:00+00:00\", \"le");
      String last = awaitMetrics(e.port, b -> b.contains("{reason=\"partial\"} 1.0"));
      assertThat(last).contains("\nmonitoring_cpu_percent 33.0\n");
      assertThat(Exposition.parse(last).get("monitoring_exporter_record_available")).isEqualTo(1.0);
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(200);
      assertThat(e.process.isAlive()).isTrue();
      assertThat(e.log()).contains("skipped a line").doesNotContain("Exception");
    }
  }

  @Test
  void headAnd404() throws Exception {
    TestRecords.append(feed(), TestRecords.line(TestRecords.full(now(), 10)));
    try (ExporterProcess e = start(Map.of())) {
      HttpResponse<String> head = Http.send(e.port, "/metrics", "HEAD", null);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(Http.send(e.port, "/health", "HEAD", null).statusCode()).isEqualTo(200);
      assertThat(Http.get(e.port, "/favicon.ico").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void stalledClientsDoNotBlockScrapes() throws Exception {
    TestRecords.append(feed(), TestRecords.line(TestRecords.full(now(), 10)));
    try (ExporterProcess e = start(Map.of())) {
      java.util.List<java.net.Socket> stalled = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          java.net.Socket s = new java.net.Socket("127.0.0.1", e.port);
          s.getOutputStream()
              .write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          stalled.add(s);
        }
        Thread.sleep(200);
        long t0 = System.nanoTime();
        assertThat(Http.get(e.port, "/metrics").statusCode()).isEqualTo(200);
        assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
      } finally {
        for (java.net.Socket s : stalled) {
          s.close();
        }
      }
    }
  }

  @Test
  void badSettingIsOneLineAndExitStatus2() throws Exception {
    Process p =
        ExporterProcess.run(
            dir, Map.of("MONITORING_EXPORTER_PORT", "eighty", "MONITORING_LOG_ROOT", "x"));
    assertThat(p.exitValue()).isEqualTo(2);
    String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(err.lines().count()).as(err).isEqualTo(1);
    assertThat(err).startsWith("exporter: ").contains("MONITORING_EXPORTER_PORT");
  }
}
