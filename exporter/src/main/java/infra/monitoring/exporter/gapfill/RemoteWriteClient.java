package infra.monitoring.exporter.gapfill;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * Sends remote-write 1.0 requests (the JDK's HTTP client: TLS, connect and request timeouts) and
 * sorts the answers as the specification says: 2xx sent; 5xx and 429 retried; other 4xx rejected
 * for good. One exception: an answer saying the samples are older than the receiver keeps ({@code
 * too old sample}, {@code out of bounds}, {@code out of order sample}) is never retried, whatever
 * its status, because Prometheus 2.x answers its out-of-order window's {@code too old sample} with
 * a 500 that would otherwise be retried forever.
 */
final class RemoteWriteClient implements GapFiller.Sender {
  static final String USER_AGENT = "infra-monitoring-exporter";
  private static final int MAX_MESSAGE = 512;

  private final GapFillSettings settings;
  private final HttpClient http;

  RemoteWriteClient(GapFillSettings settings) {
    this.settings = settings;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (settings.url().getScheme().equalsIgnoreCase("https")) {
      SSLContext tls = ClientTls.context(settings);
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  @Override
  public Outcome send(byte[] body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(settings.url())
            .timeout(settings.timeout())
            .header("Content-Encoding", "snappy")
            .header("Content-Type", "application/x-protobuf")
            .header("User-Agent", USER_AGENT)
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      String auth = authorization();
      if (auth != null) {
        r.header("Authorization", auth);
      }
    } catch (IOException e) {
      return new Outcome(Kind.RETRY, 0, "cannot read a credentials file: " + e.getMessage());
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      return new Outcome(Kind.RETRY, 0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Kind.RETRY, 0, "interrupted");
    }
    String message;
    try (InputStream in = resp.body()) {
      // The body is only for the log (receivers SHOULD send none on success): read a little.
      message = new String(in.readNBytes(MAX_MESSAGE), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      message = "";
    }
    return classify(resp.statusCode(), message);
  }

  static Outcome classify(int status, String message) {
    if (status >= 200 && status < 300) {
      return new Outcome(Kind.SENT, status, message);
    }
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("too old sample")
        || m.contains("out of bounds")
        || m.contains("out of order sample")) {
      return new Outcome(Kind.TOO_OLD, status, message);
    }
    if (status == 429 || status >= 500) {
      return new Outcome(Kind.RETRY, status, message);
    }
    return new Outcome(Kind.REJECTED, status, message);
  }

  private String authorization() throws IOException {
    if (settings.basicAuthUsername() != null) {
      String password = secret(settings.basicAuthPasswordFile());
      String pair = settings.basicAuthUsername() + ":" + password;
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (settings.bearerTokenFile() != null) {
      return "Bearer " + secret(settings.bearerTokenFile());
    }
    return null;
  }

  /** A secret file's content without its trailing line end; read at each request (rotation). */
  private static String secret(java.nio.file.Path file) throws IOException {
    String s = Files.readString(file, StandardCharsets.UTF_8);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** What became of one request. */
  enum Kind {
    SENT,
    RETRY,
    REJECTED,
    TOO_OLD
  }

  /** The outcome of a request: its kind, HTTP status (0 = no answer), the receiver's message. */
  record Outcome(Kind kind, int status, String message) {}
}
