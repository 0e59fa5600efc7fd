package infra.monitoring.common.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a {@code .env} file: {@code KEY=value} lines, blank lines and {@code #} comments skipped,
 * an optional {@code export } prefix, values optionally in single or double quotes. An inline
 * {@code #} comment is cut only from an unquoted value, so {@code K="v#1" # note} gives {@code v#1}
 * (the original stripped quotes first and left {@code v"}). A line that is none of these (no {@code
 * =}, a key that is not a variable name, an unclosed quote, text after the closing quote) is
 * refused at start-up with the file and line, where the original ignored it silently.
 */
public final class EnvFile {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvFile() {}

  /** The entries of the file, or an empty map when it does not exist. */
  public static Map<String, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new ConfigException("MONITORING_ENV_FILE: cannot read " + file + ": " + e.getMessage());
    }
    return parse(lines, file.toString());
  }

  /**
   * @param source the file's name, for messages
   */
  static Map<String, String> parse(List<String> lines, String source) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw error(source, n, "expected KEY=value, got '" + line + "' (no '=')");
      }
      String key = line.substring(0, eq).strip();
      if (!NAME.matcher(key).matches()) {
        throw error(source, n, "'" + key + "' is not a variable name");
      }
      String value = line.substring(eq + 1).strip();
      String unquoted = unquote(value);
      if (unquoted == null) {
        throw error(
            source,
            n,
            key
                + ": the value "
                + value
                + " has an unclosed quote or text after its closing quote"
                + " (values cannot span lines)");
      }
      out.put(key, unquoted);
    }
    return out;
  }

  private static ConfigException error(String source, int index, String what) {
    return new ConfigException(source + ", line " + (index + 1) + ": " + what);
  }

  /** The value without quotes and inline comment, or null when its quoting is broken. */
  private static String unquote(String value) {
    if (!value.isEmpty() && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      char q = value.charAt(0);
      int end = value.indexOf(q, 1);
      if (end < 0) {
        return null;
      }
      String rest = value.substring(end + 1).strip();
      if (!rest.isEmpty() && !rest.startsWith("#")) {
        return null;
      }
      return value.substring(1, end);
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
