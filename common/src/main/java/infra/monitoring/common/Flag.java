package infra.monitoring.common;

/**
 * A command-line flag that sets a setting. {@code key} is the environment name it overrides (or an
 * internal name such as {@code --duration} for flags with no environment twin).
 */
public record Flag(String shortName, String longName, String key, boolean takesValue, String help) {

  /** {@code -i/--interval}, as used in messages. */
  public String display() {
    return shortName == null ? longName : shortName + "/" + longName;
  }

  public static final Flag INTERVAL =
      new Flag("-i", "--interval", "MONITORING_INTERVAL_SEC", true, "seconds between samples");
  public static final Flag CYCLES =
      new Flag("-c", "--cycles", "MONITORING_CYCLES", true, "samples to take, 0 = forever");
  public static final Flag DURATION =
      new Flag(
          null, "--duration", Settings.DURATION_KEY, true, "stop after this time (90s, 5m, 2h)");
  public static final Flag VERBOSE =
      new Flag("-v", "--verbose", "MONITORING_VERBOSE", false, "-v short summary, -vv long block");
  public static final Flag LOG_ROOT =
      new Flag(null, "--log-root", "MONITORING_LOG_ROOT", true, "directory of the feed and logs");
  public static final Flag LOG_LEVEL =
      new Flag(
          null, "--log-level", "MONITORING_LOG_LEVEL", true, "TRACE, DEBUG, INFO, WARNING, ERROR");
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
  public static final Flag HELP = new Flag("-h", "--help", null, false, "print this help");
}
