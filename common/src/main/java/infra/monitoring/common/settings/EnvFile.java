package infra.monitoring.common.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code KEY=value} lines, blank lines and {@code #} comments skipped,
 * an optional {@code export } prefix, values optionally in single or double quotes. An inline
 * {@code #} comment is cut only from an unquoted value, so {@code K="v#1" # note} gives {@code v#1}
 * (the original stripped quotes first and left {@code v"}).
 */
public final class EnvFile {
  private EnvFile() {}

  /** The entries of the file, or an empty map when it does not exist. */
  public static Map<String, String> read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new ConfigException("MONITORING_ENV_FILE: cannot read " + file + ": " + e.getMessage());
    }
  }

  static Map<String, String> parse(List<String> lines) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      out.put(key, unquote(value));
    }
    return out;
  }

  private static String unquote(String value) {
    if (!value.isEmpty() && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      char q = value.charAt(0);
      int end = value.indexOf(q, 1);
      if (end > 0) {
        return value.substring(1, end);
      }
      return value.substring(1);
    }
    int hash = value.indexOf(" #");
    if (hash >= 0) {
      value = value.substring(0, hash);
    } else if (value.startsWith("#")) {
      value = "";
    }
    return value.strip();
  }
}
