package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole /metrics body for a fixed record, compared with {@code golden/metrics.txt} (rewrite it
 * with {@code -Dgolden.update=true}), and linted with {@code promtool check metrics} when promtool
 * is on the PATH.
 */
class MetricsGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden/metrics.txt");
  static final double NOW = TestRecords.T0 + 2.5;

  @TempDir Path root;
  ExporterServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  int start(boolean legacy, String jvmMetrics) throws IOException {
    TestRecords.append(
        new infra.monitoring.common.LogLayout(root).feedFile(LocalDate.of(2026, 11, 23)),
        TestRecords.line(TestRecords.full(TestRecords.T0, 47.6)));
    FeedReader reader = FeedReader.create(root);
    PrometheusRegistry registry = new PrometheusRegistry();
    FeedCollector.register(registry, reader, legacy, 30, () -> NOW);
    if (jvmMetrics != null) {
      ExporterMain.registerSelfMetrics(registry, jvmMetrics);
    }
    server = new ExporterServer("127.0.0.1", 0, registry, reader, 30, () -> NOW);
    return server.port();
  }

  @Test
  void bodyMatchesTheGoldenFile() throws Exception {
    int port = start(false, null);
    HttpResponse<String> r = Http.get(port, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, r.body(), StandardCharsets.UTF_8);
    }
    assertThat(r.body()).isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  @Test
  void goldenFilePassesPromtoolSilently() throws Exception {
    assertThat(promtool(Files.readString(GOLDEN))).isEmpty();
  }

  @Test
  void fullBodyWithProcessAndJvmMetricsPassesPromtool() throws Exception {
    int port = start(false, "subset");
    String body = Http.get(port, "/metrics").body();
    assertThat(body)
        .contains("\nprocess_cpu_seconds_total ")
        .contains("\nprocess_resident_memory_bytes ")
        .contains("\nprocess_open_fds ")
        .contains("\nprocess_start_time_seconds ")
        .contains("\njvm_runtime_info{")
        .contains("\njvm_gc_collection_seconds_count{")
        .doesNotContain("jvm_threads_state");
    assertThat(promtool(body)).isEmpty();
  }

  @Test
  void wholeJvmMetricsSetPassesPromtoolToo() throws Exception {
    int port = start(false, "all");
    String body = Http.get(port, "/metrics").body();
    assertThat(body).contains("\njvm_threads_state{").contains("\njvm_memory_used_bytes{");
    assertThat(promtool(body)).isEmpty();
  }

  /** promtool's output for the body (empty when the lint passes); skips when it is absent. */
  static String promtool(String body) throws IOException, InterruptedException {
    Path bin = Path.of("/usr/bin/promtool");
    String exe = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
        exe = Path.of(dir, "promtool").toString();
        break;
      }
    }
    if (exe == null && Files.isExecutable(bin)) {
      exe = bin.toString();
    }
    assumeTrue(exe != null, "promtool not on PATH");
    Process p = new ProcessBuilder(exe, "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
