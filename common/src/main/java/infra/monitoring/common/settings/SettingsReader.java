package infra.monitoring.common.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed readers every settings area uses: each returns the default when the key is absent, and
 * throws a one-line {@link ConfigException} naming the variable or flag (its origin) when the value
 * is not what the key expects. Reading a key marks it as used.
 */
public interface SettingsReader {

  /** True when the key was given (marks it as used). */
  boolean has(String key);

  /** Where the key's value came from: the variable, {@code VAR (from FILE)}, or the flag. */
  String origin(String key);

  /** The raw text, or {@code dflt} when absent. */
  String text(String key, String dflt);

  /**
   * The given keys that match {@code glob} ({@code *} stands for any text), not yet marked as used:
   * reading one marks it. For families of keys such as {@code MONITORING_METRIC_INTERVAL_*}.
   */
  List<String> keysMatching(String glob);

  default ConfigException bad(String key, String expected) {
    return new ConfigException(
        origin(key) + ": expected " + expected + ", got '" + text(key, "") + "'");
  }

  default double finiteDouble(String key, String expected) {
    try {
      double d = Double.parseDouble(text(key, "").strip());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, expected);
  }

  default double positiveDouble(String key, double dflt, String expected) {
    if (!has(key)) {
      return dflt;
    }
    double d = finiteDouble(key, expected);
    if (d <= 0) {
      throw bad(key, expected);
    }
    return d;
  }

  /** A finite number ≥ {@code min}, or {@code dflt} when absent. */
  default double atLeast(String key, double dflt, double min, String expected) {
    if (!has(key)) {
      return dflt;
    }
    double d = finiteDouble(key, expected);
    if (d < min) {
      throw bad(key, expected);
    }
    return d;
  }

  default double nonNegativeDouble(String key, double dflt, String expected) {
    if (!has(key)) {
      return dflt;
    }
    double d = finiteDouble(key, expected);
    if (d < 0) {
      throw bad(key, expected);
    }
    return d;
  }

  default long rangeLong(String key, long dflt, long min, long max) {
    if (!has(key)) {
      return dflt;
    }
    try {
      long l = Long.parseLong(text(key, "").strip());
      if (l >= min && l <= max) {
        return l;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "a whole number within " + min + ".." + max);
  }

  default long nonNegativeLong(String key, long dflt, String expected) {
    if (!has(key)) {
      return dflt;
    }
    try {
      long l = Long.parseLong(text(key, "").strip());
      if (l >= 0) {
        return l;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, expected);
  }

  /** Whole seconds ≥ 1 (kept below the range where seconds overflow as milliseconds). */
  default long positiveLong(String key, long dflt) {
    return rangeLong(key, dflt, 1, Long.MAX_VALUE / 1000);
  }

  default int port(String key, int dflt) {
    if (!has(key)) {
      return dflt;
    }
    try {
      int p = Integer.parseInt(text(key, "").strip());
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "a port within 1..65535");
  }

  default boolean bool(String key, boolean dflt) {
    if (!has(key)) {
      return dflt;
    }
    return switch (text(key, "").strip().toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off", "" -> false;
      default -> throw bad(key, "true or false (also 1/0, yes/no, on/off)");
    };
  }

  /** An existing directory, or null when the key is absent or blank. */
  default Path existingDirectory(String key, String expected) {
    String v = text(key, "");
    if (!has(key) || v.isBlank()) {
      return null;
    }
    Path p = Path.of(v);
    if (!Files.isDirectory(p)) {
      throw bad(key, expected);
    }
    return p;
  }

  /** A duration such as {@code 90}, {@code 90s}, {@code 5m}, {@code 1h30m}, or null when absent. */
  default Duration duration(String key) {
    if (!has(key)) {
      return null;
    }
    return parseDuration(text(key, ""), origin(key));
  }

  /**
   * Parses {@code 90}, {@code 90s}, {@code 250ms}, {@code 5m}, {@code 2h}, {@code 1d}, {@code
   * 1h30m}.
   */
  static Duration parseDuration(String text, String origin) {
    Pattern part = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = part.matcher(t);
    long nanos = 0;
    int pos = 0;
    while (pos < t.length() && m.find(pos) && m.start() == pos) {
      double n = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      double factor =
          switch (unit) {
            case "ms" -> 1e6;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> 1e9;
          };
      nanos += (long) (n * factor);
      pos = m.end();
    }
    if (t.isEmpty() || pos != t.length() || nanos <= 0) {
      throw new ConfigException(
          origin
              + ": expected a duration > 0 such as 90, 90s, 5m, 2h or 1h30m, got '"
              + text
              + "'");
    }
    return Duration.ofNanos(nanos);
  }
}
