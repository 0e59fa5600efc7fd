package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import infra.monitoring.exporter.web.TestCerts;
import infra.monitoring.exporter.web.TestCerts.Issued;
import infra.monitoring.exporter.web.TestCerts.KeyFormat;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The jar with a node_exporter web config file: TLS 1.2 and 1.3 with curl, basic auth, client
 * certificates, refusals at start, promtool's verdict on the same file, and a real Prometheus
 * scraping over HTTPS with basic auth. Certificates are made at test time.
 */
class WebSecurityIT {
  static final String PASSWORD = "correct horse";

  @TempDir Path dir;
  Issued ca;
  Path caFile;

  @BeforeEach
  void pki() throws Exception {
    ca = TestCerts.ca();
    caFile = TestCerts.writeCert(dir.resolve("ca.crt"), ca.cert());
    var keys = TestCerts.rsa();
    Issued server = TestCerts.server(ca, keys, TestCerts.valid());
    TestCerts.writeCert(dir.resolve("server.crt"), server.cert());
    TestCerts.writeKey(dir.resolve("server.key"), keys.getPrivate(), KeyFormat.PKCS1_OR_SEC1);
    Issued client = TestCerts.client(ca);
    TestCerts.writeCert(dir.resolve("client.crt"), client.cert());
    TestCerts.writeKey(dir.resolve("client.key"), client.keys().getPrivate(), KeyFormat.PKCS8);
    Path feed = new LogLayout(dir.resolve("logs")).feedFile(LocalDate.of(2026, 11, 23));
    TestRecords.append(
        feed, TestRecords.line(TestRecords.full(Timestamps.epochSeconds(Instant.now()), 12)));
  }

  /** A web config as node_exporter users write it, with an htpasswd-style $2y$ hash. */
  Path webConfig(String clientAuth) throws Exception {
    String hash = "$2y$" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10)).substring(4);
    String yaml =
        "tls_server_config:\n"
            + "  cert_file: server.crt\n"
            + "  key_file: server.key\n"
            + (clientAuth == null
                ? ""
                : "  client_auth_type: " + clientAuth + "\n  client_ca_file: ca.crt\n")
            + "http_server_config:\n"
            + "  headers:\n"
            + "    X-Content-Type-Options: nosniff\n"
            + "basic_auth_users:\n"
            + "  prometheus: '"
            + hash
            + "'\n";
    return Files.writeString(dir.resolve("web.yml"), yaml);
  }

  ExporterProcess start(Path web) throws Exception {
    return ExporterProcess.start(
        dir,
        Map.of(
            "MONITORING_LOG_ROOT",
            dir.resolve("logs").toString(),
            "MONITORING_EXPORTER_WEB_CONFIG",
            web.toString()));
  }

  Tools.Result curl(int port, String path, String... extra) throws Exception {
    String curl = Tools.find("curl");
    assumeTrue(curl != null, "curl is not installed");
    List<String> cmd =
        new ArrayList<>(
            List.of(curl, "-sS", "-v", "--max-time", "20", "--cacert", caFile.toString()));
    cmd.addAll(List.of(extra));
    cmd.add("https://127.0.0.1:" + port + path);
    return Tools.run(dir, cmd);
  }

  @Test
  void curlScrapesOverTls12AndTls13WithBasicAuth() throws Exception {
    try (ExporterProcess e = start(webConfig(null))) {
      String user = "prometheus:" + PASSWORD;
      Tools.Result v12 = curl(e.port, "/metrics", "-u", user, "--tlsv1.2", "--tls-max", "1.2");
      assertThat(v12.exit()).as(v12.output()).isZero();
      assertThat(v12.output())
          .contains("SSL connection using TLSv1.2")
          .contains("< HTTP/1.1 200 OK")
          .contains("< X-Content-Type-Options: nosniff")
          .contains("\nmonitoring_cpu_percent 12.0\n");
      Tools.Result v13 = curl(e.port, "/metrics", "-u", user, "--tlsv1.3");
      assertThat(v13.output())
          .contains("SSL connection using TLSv1.3")
          .contains("< HTTP/1.1 200 OK");

      Tools.Result wrong = curl(e.port, "/metrics", "-u", "prometheus:wrong");
      assertThat(wrong.output())
          .contains("< HTTP/1.1 401 Unauthorized")
          .contains("WWW-Authenticate: Basic");
      assertThat(curl(e.port, "/metrics").output()).contains("< HTTP/1.1 401");
      assertThat(curl(e.port, "/", "-u", "nobody:" + PASSWORD).output()).contains("< HTTP/1.1 401");

      // /health stays open for healthchecks, with its status only; details need credentials.
      Tools.Result open = curl(e.port, "/health");
      assertThat(open.output()).contains("< HTTP/1.1 200").contains("{\"status\":\"ok\"}");
      assertThat(curl(e.port, "/health", "-u", user).output()).contains("\"feed_file\":");
      assertThat(e.process.isAlive()).isTrue();
    }
  }

  @Test
  void requireAndVerifyClientCertRefusesAClientWithoutOne() throws Exception {
    try (ExporterProcess e = start(webConfig("RequireAndVerifyClientCert"))) {
      String user = "prometheus:" + PASSWORD;
      Tools.Result without = curl(e.port, "/metrics", "-u", user);
      assertThat(without.exit()).as(without.output()).isNotZero();
      assertThat(without.output()).doesNotContain("HTTP/1.1 200");
      Tools.Result with =
          curl(
              e.port,
              "/metrics",
              "-u",
              user,
              "--cert",
              dir.resolve("client.crt").toString(),
              "--key",
              dir.resolve("client.key").toString());
      assertThat(with.exit()).as(with.output()).isZero();
      assertThat(with.output()).contains("< HTTP/1.1 200 OK");
    }
  }

  @Test
  void promtoolAcceptsTheSameFile() throws Exception {
    String promtool = Tools.find("promtool");
    assumeTrue(promtool != null, "promtool is not installed");
    Path web = webConfig("RequireAndVerifyClientCert");
    Tools.Result r = Tools.run(dir, List.of(promtool, "check", "web-config", web.toString()));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  /** Starts the jar with the file; returns its one-line refusal after checking exit status 2. */
  String refusal(Path web) throws Exception {
    Process p =
        ExporterProcess.run(
            dir,
            Map.of(
                "MONITORING_LOG_ROOT", "logs", "MONITORING_EXPORTER_WEB_CONFIG", web.toString()));
    String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(err).isEqualTo(2);
    assertThat(err.lines().count()).as(err).isEqualTo(1);
    assertThat(err).startsWith("exporter: MONITORING_EXPORTER_WEB_CONFIG: " + web);
    return err;
  }

  @Test
  void expiredMismatchedPlainTextAndUnknownAreRefusedAtStart() throws Exception {
    Path web = webConfig(null);
    var keys = TestCerts.ec();
    TestCerts.writeCert(
        dir.resolve("server.crt"), TestCerts.server(ca, keys, TestCerts.expired()).cert());
    TestCerts.writeKey(dir.resolve("server.key"), keys.getPrivate(), KeyFormat.PKCS8);
    assertThat(refusal(web))
        .contains("tls_server_config.cert_file")
        .contains("certificate expired");

    TestCerts.writeCert(
        dir.resolve("server.crt"), TestCerts.server(ca, TestCerts.ec(), TestCerts.valid()).cert());
    assertThat(refusal(web)).contains("tls_server_config.key_file").contains("does not match");

    Files.writeString(web, "basic_auth_users:\n  prometheus: " + PASSWORD + "\n");
    assertThat(refusal(web)).contains("basic_auth_users.prometheus: not a bcrypt hash");
    Files.writeString(web, "tls_server_config:\n  certfile: x\n");
    assertThat(refusal(web)).contains("tls_server_config.certfile: unknown key");
  }

  @Test
  void aRealPrometheusScrapesOverHttpsWithBasicAuth() throws Exception {
    String prometheus = Tools.find("prometheus");
    assumeTrue(prometheus != null, "prometheus is not installed");
    try (ExporterProcess e = start(webConfig(null))) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path cfg =
          Files.writeString(
              dir.resolve("prometheus.yml"),
              "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                  + "scrape_configs:\n"
                  + "  - job_name: exporter\n"
                  + "    scheme: https\n"
                  + "    tls_config:\n      ca_file: "
                  + caFile
                  + "\n"
                  + "    basic_auth:\n      username: prometheus\n      password: '"
                  + PASSWORD
                  + "'\n"
                  + "    static_configs:\n      - targets: ['127.0.0.1:"
                  + e.port
                  + "']\n");
      Process p =
          new ProcessBuilder(
                  prometheus,
                  "--config.file=" + cfg,
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        String q =
            "/api/v1/query?query=monitoring_cpu_percent%20and%20on()%20up%7Bjob%3D%22exporter%22%7D%3D%3D1";
        String body = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !body.contains("\"12\"]")) {
          Thread.sleep(500);
          try {
            body = Http.get(port, q).body();
          } catch (java.io.IOException notYet) {
            // Prometheus is still starting
          }
        }
        assertThat(body).as(Files.readString(dir.resolve("prometheus.log"))).contains("\"12\"]");
      } finally {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }
}
