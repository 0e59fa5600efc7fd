package infra.monitoring.common;

import java.util.Locale;
import java.util.Optional;

/**
 * The scalar keys of the feed record's {@code metrics} object, in the order they are written. The
 * first sixteen are the original's keys with the original's names, units and meanings; the rest
 * were added by the port. Lists ({@code disks}, {@code interfaces}) and the {@code collector} block
 * follow the scalars and are modelled in {@link Metrics}.
 */
public enum Metric {
  CPU_PERCENT("cpu_percent", Kind.NUMBER, true),
  CPU_FREQ_GHZ("cpu_freq_ghz", Kind.NUMBER, false),
  MEMORY_PERCENT("memory_percent", Kind.NUMBER, true),
  DISK_PERCENT("disk_percent", Kind.NUMBER, true),
  MEMORY_USED_BYTES("memory_used_bytes", Kind.INTEGER, false),
  MEMORY_TOTAL_BYTES("memory_total_bytes", Kind.INTEGER, false),
  BYTES_SENT("bytes_sent", Kind.INTEGER, false),
  BYTES_RECV("bytes_recv", Kind.INTEGER, false),
  PING_MS("ping_ms", Kind.NUMBER, false),
  LATENCY_MS("latency_ms", Kind.NUMBER, false),
  LATENCY_METHOD("latency_method", Kind.TEXT, false),
  LATENCY_ESTIMATED("latency_estimated", Kind.BOOLEAN, false),
  TEMPERATURE("temperature", Kind.NUMBER, false),
  TIMESTAMP("timestamp", Kind.NUMBER, false),
  DISK_USED_BYTES("disk_used_bytes", Kind.INTEGER, false),
  DISK_TOTAL_BYTES("disk_total_bytes", Kind.INTEGER, false),
  LOAD_1("load_1", Kind.NUMBER, false),
  LOAD_5("load_5", Kind.NUMBER, false),
  LOAD_15("load_15", Kind.NUMBER, false),
  NET_IN_MBPS("net_in_mbps", Kind.NUMBER, false),
  NET_OUT_MBPS("net_out_mbps", Kind.NUMBER, false),
  SWAP_USED_BYTES("swap_used_bytes", Kind.INTEGER, false),
  SWAP_TOTAL_BYTES("swap_total_bytes", Kind.INTEGER, false),
  PING_LOSS_PERCENT("ping_loss_percent", Kind.NUMBER, true),
  NET_TODAY_BYTES("net_today_bytes", Kind.INTEGER, false),
  NET_LEARNED_LIMIT_BYTES("net_learned_limit_bytes", Kind.INTEGER, false);

  /** JSON value type of a key. */
  public enum Kind {
    NUMBER,
    INTEGER,
    TEXT,
    BOOLEAN
  }

  private final String key;
  private final Kind kind;
  private final boolean percent;

  Metric(String key, Kind kind, boolean percent) {
    this.key = key;
    this.kind = kind;
    this.percent = percent;
  }

  /** The JSON key, for example {@code cpu_percent}. */
  public String key() {
    return key;
  }

  public Kind kind() {
    return kind;
  }

  /** True for metrics measured in percent, whose thresholds must lie within 0..100. */
  public boolean isPercent() {
    return percent;
  }

  public boolean isNumeric() {
    return kind == Kind.NUMBER || kind == Kind.INTEGER;
  }

  /** Finds a metric by its JSON key, case-insensitively. */
  public static Optional<Metric> byKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (Metric m : values()) {
      if (m.key.equals(k)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
