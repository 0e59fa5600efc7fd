package infra.monitoring.exporter.gapfill;

import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.common.settings.SettingsReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The gap fill's settings ({@code MONITORING_GAPFILL_*}), named after Prometheus' {@code
 * remote_write} block where they mean the same: where to push (unset URL = gap fill off), how to
 * authenticate (basic auth or a bearer token, read from files at each request as Prometheus does),
 * TLS, the request timeout; the {@code job} and {@code instance} labels a scrape would have added;
 * batch size, rate, retry backoff bounds, the shortest gap, and the oldest sample the receiver
 * takes. See docs/gapfill.md.
 *
 * @param url {@code MONITORING_GAPFILL_REMOTE_WRITE_URL}; null = off
 * @param maxAge {@code MONITORING_GAPFILL_MAX_AGE}: records older than this are not pushed (the log
 *     line points at {@code backfill}); null = no limit here, the receiver decides
 */
public record GapFillSettings(
    URI url,
    String basicAuthUsername,
    Path basicAuthPasswordFile,
    Path bearerTokenFile,
    Path tlsCaFile,
    Path tlsCertFile,
    Path tlsKeyFile,
    boolean tlsInsecureSkipVerify,
    String tlsServerName,
    Duration timeout,
    String job,
    String instance,
    int batchSamples,
    double maxSamplesPerSecond,
    Duration minBackoff,
    Duration maxBackoff,
    Duration minGap,
    Duration maxAge) {

  /** The job label of the shipped Prometheus scrape config (infra/prometheus/prometheus.yml). */
  public static final String DEFAULT_JOB = "infra-monitoring";

  /** Gap fill off. */
  public static final GapFillSettings OFF =
      new GapFillSettings(
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          false,
          null,
          Duration.ofSeconds(30),
          DEFAULT_JOB,
          "localhost:8000",
          2000,
          5000,
          Duration.ofMillis(30),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          null);

  public boolean enabled() {
    return url != null;
  }

  /**
   * Reads the settings; {@code addr} and {@code port} (where the exporter listens) give the default
   * {@code instance} label, {@code host:port} as a scrape config usually names the target.
   */
  public static GapFillSettings load(SettingsReader s, String addr, int port) {
    String rawUrl = s.text("MONITORING_GAPFILL_REMOTE_WRITE_URL", "").strip();
    URI url = rawUrl.isEmpty() ? null : url(s, rawUrl);
    String user = blankToNull(s.text("MONITORING_GAPFILL_BASIC_AUTH_USERNAME", ""));
    Path password = file(s, "MONITORING_GAPFILL_BASIC_AUTH_PASSWORD_FILE");
    Path bearer = file(s, "MONITORING_GAPFILL_BEARER_TOKEN_FILE");
    Path ca = file(s, "MONITORING_GAPFILL_TLS_CA_FILE");
    Path cert = file(s, "MONITORING_GAPFILL_TLS_CERT_FILE");
    Path key = file(s, "MONITORING_GAPFILL_TLS_KEY_FILE");
    boolean insecure = s.bool("MONITORING_GAPFILL_TLS_INSECURE_SKIP_VERIFY", false);
    String serverName = blankToNull(s.text("MONITORING_GAPFILL_TLS_SERVER_NAME", ""));
    Duration timeout = durationOr(s, "MONITORING_GAPFILL_TIMEOUT", Duration.ofSeconds(30));
    String job = s.text("MONITORING_GAPFILL_JOB", DEFAULT_JOB).strip();
    if (job.isEmpty()) {
      throw s.bad("MONITORING_GAPFILL_JOB", "the scrape config's job_name (not empty)");
    }
    String instance = s.text("MONITORING_GAPFILL_INSTANCE", "").strip();
    if (instance.isEmpty()) {
      if (s.has("MONITORING_GAPFILL_INSTANCE")) {
        throw s.bad("MONITORING_GAPFILL_INSTANCE", "the target as the scrape config names it");
      }
      instance = defaultInstance(addr, port);
    }
    int batch = (int) s.rangeLong("MONITORING_GAPFILL_BATCH_SAMPLES", 2000, 1, 100_000);
    double rate =
        s.positiveDouble(
            "MONITORING_GAPFILL_MAX_SAMPLES_PER_SEC", 5000, "a number of samples per second > 0");
    Duration minBackoff = durationOr(s, "MONITORING_GAPFILL_MIN_BACKOFF", Duration.ofMillis(30));
    Duration maxBackoff = durationOr(s, "MONITORING_GAPFILL_MAX_BACKOFF", Duration.ofSeconds(5));
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw s.bad(
          "MONITORING_GAPFILL_MAX_BACKOFF",
          "a duration ≥ MONITORING_GAPFILL_MIN_BACKOFF (" + minBackoff + ")");
    }
    Duration minGap = durationOr(s, "MONITORING_GAPFILL_MIN_GAP", Duration.ofSeconds(30));
    Duration maxAge = s.duration("MONITORING_GAPFILL_MAX_AGE");
    if (url != null) {
      if (user != null && bearer != null) {
        throw new ConfigException(
            "MONITORING_GAPFILL_BASIC_AUTH_USERNAME and MONITORING_GAPFILL_BEARER_TOKEN_FILE: set"
                + " one of them, not both");
      }
      if ((user == null) != (password == null)) {
        throw new ConfigException(
            "MONITORING_GAPFILL_BASIC_AUTH_USERNAME and MONITORING_GAPFILL_BASIC_AUTH_PASSWORD_FILE"
                + " go together: set both or neither");
      }
      if ((cert == null) != (key == null)) {
        throw new ConfigException(
            "MONITORING_GAPFILL_TLS_CERT_FILE and MONITORING_GAPFILL_TLS_KEY_FILE go together:"
                + " set both or neither");
      }
      boolean tls = ca != null || cert != null || insecure || serverName != null;
      if (tls && !url.getScheme().equals("https")) {
        throw new ConfigException(
            "MONITORING_GAPFILL_TLS_*: TLS settings need an https:// remote-write URL, got " + url);
      }
    }
    return new GapFillSettings(
        url,
        user,
        password,
        bearer,
        ca,
        cert,
        key,
        insecure,
        serverName,
        timeout,
        job,
        instance,
        batch,
        rate,
        minBackoff,
        maxBackoff,
        minGap,
        maxAge);
  }

  /**
   * {@code addr:port}; for a wildcard address (0.0.0.0, ::) the host name instead, as a scrape
   * config would name this machine.
   */
  static String defaultInstance(String addr, int port) {
    String a = addr.strip();
    boolean wildcard = a.isEmpty() || a.equals("0.0.0.0") || a.equals("::") || a.equals("[::]");
    String host = wildcard ? hostName() : a;
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return host + ":" + port;
  }

  private static String hostName() {
    // The kernel's name, without a DNS look-up that could hang start-up.
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8);
      if (!h.isBlank()) {
        return h.strip();
      }
    } catch (IOException e) {
      // not Linux: below
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env.strip();
  }

  private static URI url(SettingsReader s, String raw) {
    try {
      URI u = new URI(raw);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
        return u;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw s.bad(
        "MONITORING_GAPFILL_REMOTE_WRITE_URL",
        "an http:// or https:// URL such as http://127.0.0.1:9090/api/v1/write");
  }

  private static Path file(SettingsReader s, String key) {
    String v = s.text(key, "").strip();
    if (v.isEmpty()) {
      return null;
    }
    Path p = Path.of(v);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw s.bad(key, "a readable file");
    }
    return p;
  }

  private static Duration durationOr(SettingsReader s, String key, Duration dflt) {
    Duration d = s.duration(key);
    return d == null ? dflt : d;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.strip();
  }
}
