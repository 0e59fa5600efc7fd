package infra.monitoring.exporter.gapfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import infra.monitoring.common.settings.SettingsSource;
import infra.monitoring.exporter.gapfill.RemoteWriteClient.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteWriteClientTest {
  @TempDir Path dir;
  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String url(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/write",
        ex -> {
          var h = ex.getRequestHeaders();
          seen.add(
              ex.getRequestMethod()
                  + " "
                  + h.getFirst("Content-Encoding")
                  + " "
                  + h.getFirst("Content-Type")
                  + " "
                  + h.getFirst("X-Prometheus-Remote-Write-Version")
                  + " "
                  + h.getFirst("User-Agent")
                  + " "
                  + h.getFirst("Authorization")
                  + " "
                  + ex.getRequestBody().readAllBytes().length);
          byte[] b = body.getBytes();
          ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
  }

  private GapFillSettings settings(Map<String, String> env) {
    return GapFillSettings.load(SettingsSource.of(env), "127.0.0.1", 8000);
  }

  @Test
  void aRequestCarriesTheSpecificationsHeadersAndBasicAuthFromTheFile() throws IOException {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "s3cret\n");
    GapFillSettings s =
        settings(
            Map.of(
                "MONITORING_GAPFILL_REMOTE_WRITE_URL", url(204, ""),
                "MONITORING_GAPFILL_BASIC_AUTH_USERNAME", "pusher",
                "MONITORING_GAPFILL_BASIC_AUTH_PASSWORD_FILE", pw.toString()));
    var o = new RemoteWriteClient(s).send(new byte[] {1, 2, 3});
    assertThat(o.kind()).isEqualTo(Kind.SENT);
    assertThat(seen)
        .containsExactly(
            "POST snappy application/x-protobuf 0.1.0 infra-monitoring-exporter"
                + " Basic cHVzaGVyOnMzY3JldA== 3");
  }

  @Test
  void aBearerTokenIsReadAtEachRequestAndA5xxIsToRetry() throws IOException {
    Path token = dir.resolve("token");
    Files.writeString(token, "abc");
    GapFillSettings s =
        settings(
            Map.of(
                "MONITORING_GAPFILL_REMOTE_WRITE_URL", url(503, "overloaded"),
                "MONITORING_GAPFILL_BEARER_TOKEN_FILE", token.toString()));
    RemoteWriteClient c = new RemoteWriteClient(s);
    var o = c.send(new byte[0]);
    Files.writeString(token, "def");
    c.send(new byte[0]);
    assertThat(o).isEqualTo(new RemoteWriteClient.Outcome(Kind.RETRY, 503, "overloaded"));
    assertThat(seen.get(0)).contains(" Bearer abc ");
    assertThat(seen.get(1)).contains(" Bearer def ");
  }

  @Test
  void noReceiverIsToRetry() {
    GapFillSettings s =
        settings(Map.of("MONITORING_GAPFILL_REMOTE_WRITE_URL", "http://127.0.0.1:1/api/v1/write"));
    assertThat(new RemoteWriteClient(s).send(new byte[0]).kind()).isEqualTo(Kind.RETRY);
  }

  @Test
  void answersAreSortedAsTheSpecificationSaysAndTooOldIsNeverRetried() {
    assertThat(RemoteWriteClient.classify(204, "").kind()).isEqualTo(Kind.SENT);
    assertThat(RemoteWriteClient.classify(200, "").kind()).isEqualTo(Kind.SENT);
    assertThat(RemoteWriteClient.classify(429, "slow down").kind()).isEqualTo(Kind.RETRY);
    assertThat(RemoteWriteClient.classify(500, "disk full").kind()).isEqualTo(Kind.RETRY);
    assertThat(RemoteWriteClient.classify(400, "bad labels").kind()).isEqualTo(Kind.REJECTED);
    assertThat(RemoteWriteClient.classify(401, "").kind()).isEqualTo(Kind.REJECTED);
    // Prometheus 2.42 with an out-of-order window answers 500 for samples older than it.
    assertThat(RemoteWriteClient.classify(500, "too old sample").kind()).isEqualTo(Kind.TOO_OLD);
    assertThat(RemoteWriteClient.classify(400, "out of bounds").kind()).isEqualTo(Kind.TOO_OLD);
    assertThat(RemoteWriteClient.classify(400, "out of order sample").kind())
        .isEqualTo(Kind.TOO_OLD);
  }
}
