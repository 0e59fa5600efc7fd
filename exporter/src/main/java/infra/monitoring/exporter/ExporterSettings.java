package infra.monitoring.exporter;

import infra.monitoring.common.LogLayout;
import infra.monitoring.common.LogSettings;
import infra.monitoring.common.settings.Flag;
import infra.monitoring.common.settings.SettingsReader;
import infra.monitoring.common.settings.SettingsSource;
import infra.monitoring.exporter.gapfill.GapFillSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the exporter: where the feed is, where to listen, which names to serve, when a
 * record is stale. Nothing of the collector's is checked here, so a collector-only mistake in a
 * shared {@code .env} never stops the exporter.
 *
 * @param log the log root (the feed is under it) and the log level
 * @param addr {@code MONITORING_EXPORTER_ADDR}, default 127.0.0.1
 * @param port {@code MONITORING_EXPORTER_PORT} (or the original's {@code MONITORING_HTTP_PORT})
 * @param legacyNames also serve the original's metric names ({@code
 *     MONITORING_EXPORTER_LEGACY_NAMES})
 * @param staleAfterSec {@code MONITORING_STALE_AFTER_SEC}; by default three record intervals of the
 *     collector ({@code MONITORING_INTERVAL_SEC}, read without checking it), at least 30 s
 * @param webConfig {@code MONITORING_EXPORTER_WEB_CONFIG}: node_exporter's web config file (TLS,
 *     basic auth, headers; docs/security.md); null = plain HTTP without auth. Read by {@code
 *     WebSecurity.load}, which names the file and key of any problem.
 * @param maxRequests {@code MONITORING_EXPORTER_MAX_REQUESTS}: scrapes served at once, 503 beyond
 *     (node_exporter's {@code --web.max-requests}, default 40; its 0 = unlimited is refused)
 * @param gapFill {@code MONITORING_GAPFILL_*}: remote-write push of the records a scrape gap missed
 *     (off unless {@code MONITORING_GAPFILL_REMOTE_WRITE_URL} is set; docs/gapfill.md)
 */
public record ExporterSettings(
    LogSettings log,
    String addr,
    int port,
    boolean legacyNames,
    double staleAfterSec,
    Path webConfig,
    int maxRequests,
    GapFillSettings gapFill,
    List<String> warnings) {

  public static final Flag ADDR =
      new Flag(null, "--addr", "MONITORING_EXPORTER_ADDR", true, "address to listen on");
  public static final Flag PORT =
      new Flag("-p", "--port", "MONITORING_EXPORTER_PORT", true, "port to listen on");

  public static final Flag WEB_CONFIG =
      new Flag(
          null,
          "--web.config.file",
          "MONITORING_EXPORTER_WEB_CONFIG",
          true,
          "node_exporter web config file (TLS, basic auth)");
  public static final Flag MAX_REQUESTS =
      new Flag(
          null,
          "--web.max-requests",
          "MONITORING_EXPORTER_MAX_REQUESTS",
          true,
          "scrapes served at once, 503 beyond (default 40)");

  /** The exporter's flags, and {@code --help}. */
  public static final List<Flag> FLAGS = flags();

  public ExporterSettings {
    warnings = List.copyOf(warnings);
  }

  /** Loads the exporter's settings; unread {@code MONITORING_*} names become warnings. */
  public static ExporterSettings load(SettingsSource s) {
    LogSettings log = LogSettings.load(s);
    String addr = s.text("MONITORING_EXPORTER_ADDR", "127.0.0.1");
    if (addr.isBlank()) {
      throw s.bad("MONITORING_EXPORTER_ADDR", "an address such as 127.0.0.1 or 0.0.0.0");
    }
    Double interval = s.peekNumber("MONITORING_INTERVAL_SEC");
    double staleDefault = Math.max(30.0, 3 * (interval != null && interval > 0 ? interval : 1.0));
    int port = port(s);
    return new ExporterSettings(
        log,
        addr,
        port,
        s.bool("MONITORING_EXPORTER_LEGACY_NAMES", false),
        s.positiveDouble("MONITORING_STALE_AFTER_SEC", staleDefault, "a number of seconds > 0"),
        webConfig(s),
        // Beyond the limit the answer is 503 rather than a queue; the heap is sized for 1000.
        (int) s.rangeLong("MONITORING_EXPORTER_MAX_REQUESTS", 40, 1, 1000),
        GapFillSettings.load(s, addr, port),
        s.unknownNameWarnings());
  }

  /** Loads from arguments, an environment and a working directory (for {@code ./.env}). */
  public static ExporterSettings load(String[] args, Map<String, String> env, Path cwd) {
    return load(SettingsSource.load(args, env, FLAGS, cwd));
  }

  private static Path webConfig(SettingsReader s) {
    String v = s.text("MONITORING_EXPORTER_WEB_CONFIG", "").strip();
    return v.isEmpty() ? null : Path.of(v);
  }

  private static int port(SettingsReader s) {
    boolean current = s.has("MONITORING_EXPORTER_PORT");
    boolean original = s.has("MONITORING_HTTP_PORT");
    return current || !original
        ? s.port("MONITORING_EXPORTER_PORT", 8000)
        : s.port("MONITORING_HTTP_PORT", 8000);
  }

  public LogLayout layout() {
    return log.layout();
  }

  private static List<Flag> flags() {
    List<Flag> f = new ArrayList<>(List.of(ADDR, PORT, WEB_CONFIG, MAX_REQUESTS));
    f.addAll(LogSettings.FLAGS);
    f.add(Flag.HELP);
    return List.copyOf(f);
  }
}
