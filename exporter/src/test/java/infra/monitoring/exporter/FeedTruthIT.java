package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter jar never serves something false about the feed: a FIFO in place of the feed file, a
 * file dated in the future, and a record that goes stale.
 */
class FeedTruthIT {
  @TempDir Path dir;

  Path root() {
    return dir.resolve("logs");
  }

  /** The feed file of a day relative to today, by the local date (as the exporter reckons it). */
  Path feed(int days) {
    return new LogLayout(root()).feedFile(LocalDate.now().plusDays(days));
  }

  ExporterProcess start(Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("MONITORING_LOG_ROOT", root().toString());
    return ExporterProcess.start(dir, env);
  }

  static double now() {
    return Timestamps.epochSeconds(Instant.now());
  }

  static JsonNode health(ExporterProcess e) throws Exception {
    return new ObjectMapper().readTree(Http.get(e.port, "/health").body());
  }

  /** Polls /metrics (every answer must be a 200) until the body satisfies the predicate. */
  static String await(ExporterProcess e, Predicate<String> p) throws Exception {
    return ExporterIT.awaitMetrics(e.port, p);
  }

  @Test
  void aFifoInPlaceOfTheFeedNeverWedgesTheReader() throws Exception {
    try (ExporterProcess e = start(Map.of())) {
      Files.createDirectories(feed(0).getParent());
      Process mkfifo = new ProcessBuilder("mkfifo", feed(0).toString()).start();
      assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
      // Opening a FIFO for reading blocks until a writer comes: scrapes keep answering instead.
      String body =
          await(
              e,
              b ->
                  b.contains(
                      "monitoring_exporter_parse_errors_total{reason=\"not_regular_file\"} 1.0"));
      assertThat(body).contains("\nmonitoring_exporter_record_available 0.0\n");
      for (int i = 0; i < 5; i++) {
        assertThat(Http.get(e.port, "/metrics").statusCode()).isEqualTo(200);
        Thread.sleep(300);
      }
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(503);
      // A regular file comes back in its place: it is served.
      Files.delete(feed(0));
      TestRecords.append(feed(0), TestRecords.line(TestRecords.full(now(), 31)));
      await(e, b -> b.contains("\nmonitoring_cpu_percent 31.0\n"));
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(200);
      assertThat(e.log()).contains("not_regular_file").doesNotContain("Exception");
    }
  }

  @Test
  void aFileDatedInTheFutureIsClockSkewAndTodaysFileWinsOnceWritten() throws Exception {
    // The clock ran a day ahead: the collector wrote tomorrow's file with tomorrow's times.
    TestRecords.append(feed(1), TestRecords.line(TestRecords.full(now() + 86400, 90)));
    try (ExporterProcess e = start(Map.of())) {
      String skew =
          await(
              e,
              b ->
                  b.contains(
                      "monitoring_exporter_record_status{monitoring_exporter_record_status=\"clock_skew\"} 1"));
      assertThat(skew).doesNotContain("monitoring_cpu_percent");
      assertThat(Exposition.parse(skew).get("monitoring_exporter_record_age_seconds"))
          .isLessThan(-86000.0);
      HttpResponse<String> h = Http.get(e.port, "/health");
      assertThat(h.statusCode()).isEqualTo(503);
      JsonNode body = new ObjectMapper().readTree(h.body());
      assertThat(body.get("status").asText()).isEqualTo("clock_skew");
      assertThat(body.get("age_seconds").asDouble()).isLessThan(-86000.0);

      // The clock is set back: the collector writes today's file again, and that is served.
      TestRecords.append(feed(0), TestRecords.line(TestRecords.full(now(), 12)));
      await(e, b -> b.contains("\nmonitoring_cpu_percent 12.0\n"));
      JsonNode ok = health(e);
      assertThat(ok.get("status").asText()).isEqualTo("ok");
      assertThat(ok.get("feed_file").asText()).isEqualTo(feed(0).getFileName().toString());
      assertThat(ok.get("age_seconds").asDouble()).isBetween(-1.0, 30.0);
    }
  }

  @Test
  void aRecordGoingStaleDropsTheHostSeriesAndKeepsTheExportersOwn() throws Exception {
    try (ExporterProcess e = start(Map.of("MONITORING_STALE_AFTER_SEC", "2"))) {
      TestRecords.append(feed(0), TestRecords.line(TestRecords.full(now(), 44)));
      String fresh = await(e, b -> b.contains("\nmonitoring_cpu_percent 44.0\n"));
      assertThat(fresh).contains("monitoring_alert{").contains("monitoring_disk_percent{");
      // The collector stops writing: after the limit, no host series, and the reason is served.
      String stale =
          await(
              e,
              b ->
                  b.contains(
                      "monitoring_exporter_record_status{monitoring_exporter_record_status=\"stale\"} 1"));
      assertThat(stale)
          .doesNotContain("monitoring_cpu_percent")
          .doesNotContain("monitoring_alert")
          .doesNotContain("monitoring_state")
          .doesNotContain("monitoring_disk_percent")
          .contains("\nmonitoring_host_info{host=\"testhost\"} 1.0\n")
          .contains("\nmonitoring_exporter_record_available 1.0\n")
          .contains("\nmonitoring_exporter_feed_reads_total ")
          .contains("\nprocess_cpu_seconds_total ");
      assertThat(Exposition.parse(stale).get("monitoring_exporter_record_age_seconds"))
          .isGreaterThan(2.0);
      assertThat(health(e).get("status").asText()).isEqualTo("stale");
      // The collector writes again: the host series are back.
      TestRecords.append(feed(0), TestRecords.line(TestRecords.full(now(), 45)));
      await(e, b -> b.contains("\nmonitoring_cpu_percent 45.0\n"));
    }
  }
}
