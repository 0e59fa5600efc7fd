package infra.monitoring.exporter;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (remote-write receiver and out-of-order window on) or VictoriaMetrics (its own
 * scraper), on 127.0.0.1, scraping one exporter every second; stopped and started again on the same
 * data directory to make a scrape gap or a receiver outage.
 */
final class Tsdb implements AutoCloseable {
  enum Kind {
    PROMETHEUS,
    VICTORIA_METRICS
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final Kind kind;
  final int port;
  private final Path dir;
  private final List<String> command;
  private Process process;
  private int starts;

  private Tsdb(Kind kind, int port, Path dir, List<String> command) {
    this.kind = kind;
    this.port = port;
    this.dir = dir;
    this.command = command;
  }

  static String binary(Kind kind) {
    return Tools.find(kind == Kind.PROMETHEUS ? "prometheus" : "victoria-metrics");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Writes the scrape config for the exporter at {@code target}; starts the server on port. */
  static Tsdb start(Kind kind, Path dir, int port, String job, String target) throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("scrape.yml");
    String scrape =
        "scrape_configs:\n"
            + "  - job_name: "
            + job
            + "\n    scrape_interval: 1s\n    static_configs:\n      - targets: [\""
            + target
            + "\"]\n";
    List<String> cmd = new ArrayList<>();
    if (kind == Kind.PROMETHEUS) {
      Files.writeString(
          config,
          "global:\n  scrape_interval: 1s\n"
              + "storage:\n  tsdb:\n    out_of_order_time_window: 30m\n"
              + scrape);
      cmd.addAll(
          List.of(
              binary(kind),
              "--config.file=" + config,
              "--storage.tsdb.path=" + dir.resolve("data"),
              "--web.listen-address=127.0.0.1:" + port,
              "--web.enable-remote-write-receiver"));
    } else {
      Files.writeString(config, scrape);
      cmd.addAll(
          List.of(
              binary(kind),
              "-promscrape.config=" + config,
              "-storageDataPath=" + dir.resolve("data"),
              "-httpListenAddr=127.0.0.1:" + port,
              "-retentionPeriod=1"));
    }
    Tsdb t = new Tsdb(kind, port, dir, cmd);
    t.up();
    return t;
  }

  /** Starts the server (again) and waits until it is ready. */
  void up() throws Exception {
    Path log = dir.resolve(kind.name().toLowerCase() + "-" + starts++ + ".log");
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String ready = kind == Kind.PROMETHEUS ? "/-/ready" : "/health";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if (get(ready).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // below
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            kind + " did not start: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      Thread.sleep(100);
    }
  }

  /** Stops the server cleanly (SIGTERM: both flush what they hold). */
  void down() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  long pid() {
    return process.pid();
  }

  String remoteWriteUrl() {
    return "http://127.0.0.1:" + port + "/api/v1/write";
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      try {
        down();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
