package infra.monitoring.exporter;

import static infra.monitoring.exporter.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.LogLayout;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that is no longer fresh is not served as host data: the whole body when it is stale and
 * when it is dated in the future, compared with {@code golden/metrics-stale.txt} and {@code
 * golden/metrics-clock-skew.txt} (rewritten with {@code -Dgolden.update=true}).
 */
class StaleRecordTest {
  @TempDir Path root;
  final AtomicReference<Double> now = new AtomicReference<>(T0 + 1);
  PrometheusRegistry registry;
  Path feed;

  @BeforeEach
  void start() throws IOException {
    feed = new LogLayout(root).feedFile(LocalDate.of(2026, 11, 23));
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0, 47.6)));
    registry = new PrometheusRegistry();
    FeedCollector.register(
        registry, new FeedReader(root, System::nanoTime, 0, 0), false, 30, now::get);
  }

  String body() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  static void assertGolden(String name, String body) throws IOException {
    Path golden = Path.of("src/test/resources/golden", name);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, body, StandardCharsets.UTF_8);
    }
    assertThat(body).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @Test
  void aStaleRecordServesOnlyTheExportersOwnSeriesAndTheHost() throws Exception {
    assertThat(body()).contains("\nmonitoring_cpu_percent 47.6\n");
    now.set(T0 + 31);
    String stale = body();
    assertGolden("metrics-stale.txt", stale);
    assertThat(stale)
        .doesNotContain("monitoring_cpu_percent")
        .doesNotContain("monitoring_alert")
        .doesNotContain("monitoring_state")
        .contains("\nmonitoring_host_info{host=\"testhost\"} 1.0\n")
        .contains("\nmonitoring_exporter_record_age_seconds 31.0\n")
        .contains("\nmonitoring_exporter_record_available 1.0\n")
        .contains(
            "\nmonitoring_exporter_record_status{monitoring_exporter_record_status=\"stale\"} 1\n");
  }

  @Test
  void aRecordFromTheFutureIsClockSkewAndServesNoHostSeries() throws Exception {
    now.set(T0 - 86330);
    String skew = body();
    assertGolden("metrics-clock-skew.txt", skew);
    assertThat(skew)
        .doesNotContain("monitoring_cpu_percent")
        .contains("\nmonitoring_exporter_record_age_seconds -86330.0\n")
        .contains(
            "\nmonitoring_exporter_record_status{monitoring_exporter_record_status=\"clock_skew\"}"
                + " 1\n");
  }

  @Test
  void hostSeriesComeBackWithAFreshRecord() throws Exception {
    now.set(T0 + 100);
    assertThat(body()).doesNotContain("monitoring_cpu_percent");
    TestRecords.append(feed, TestRecords.line(TestRecords.full(T0 + 99, 12)));
    assertThat(body())
        .contains("\nmonitoring_cpu_percent 12.0\n")
        .contains(
            "\nmonitoring_exporter_record_status{monitoring_exporter_record_status=\"ok\"} 1\n");
  }
}
