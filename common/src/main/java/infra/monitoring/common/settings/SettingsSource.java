package infra.monitoring.common.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The raw settings of one run, resolved once: built-in defaults &lt; {@code .env} file ({@code
 * MONITORING_ENV_FILE}, else {@code ./.env}) &lt; process environment &lt; command-line flags. Each
 * settings area ({@code LogSettings}, the collector's and the exporter's own) takes its keys from
 * here through the typed readers of {@link SettingsReader}, which check the value and throw a
 * {@link ConfigException} naming the variable or flag. A key read is marked as used; the {@code
 * MONITORING_*} names nobody read are {@link #unused()}, which is how a typo gets its warning
 * without a hand-kept list of known names.
 */
public final class SettingsSource implements SettingsReader {

  /** Where a value came from. */
  enum Kind {
    ENV_FILE,
    ENVIRONMENT,
    FLAG
  }

  private record Value(String text, String origin, Kind kind) {}

  private final Map<String, Value> values = new LinkedHashMap<>();
  private final Set<String> used = new LinkedHashSet<>();
  private final Set<String> asked = new LinkedHashSet<>();
  private final List<String> positional = new ArrayList<>();
  private boolean help;

  private SettingsSource() {}

  /**
   * Resolves the settings of a run.
   *
   * @param args command-line arguments
   * @param env process environment
   * @param flags the flags this program accepts
   * @param cwd directory against which {@code ./.env} and a relative {@code MONITORING_ENV_FILE}
   *     are found
   */
  public static SettingsSource load(
      String[] args, Map<String, String> env, List<Flag> flags, Path cwd) {
    SettingsSource s = new SettingsSource();
    String envFile = env.get("MONITORING_ENV_FILE");
    boolean named = envFile != null && !envFile.isBlank();
    Path file = named ? cwd.resolve(envFile) : cwd.resolve(".env");
    if (named && !Files.isRegularFile(file)) {
      throw new ConfigException("MONITORING_ENV_FILE: no such file " + file);
    }
    EnvFile.read(file).forEach((k, v) -> s.put(k, v, k + " (from " + file + ")", Kind.ENV_FILE));
    env.forEach((k, v) -> s.put(k, v, k, Kind.ENVIRONMENT));
    s.used.add("MONITORING_ENV_FILE");
    s.asked.add("MONITORING_ENV_FILE");
    FlagParser.parse(s, args, flags);
    return s;
  }

  /** Settings from a map alone, as if from the environment (tests, and the settings catalog). */
  public static SettingsSource of(Map<String, String> env) {
    SettingsSource s = new SettingsSource();
    env.forEach((k, v) -> s.put(k, v, k, Kind.ENVIRONMENT));
    return s;
  }

  void put(String key, String text, String origin, Kind kind) {
    values.put(key, new Value(text, origin, kind));
  }

  void help() {
    help = true;
  }

  void positional(String arg) {
    positional.add(arg);
  }

  /** The value given by a flag earlier on the same command line, or null. */
  String flagValue(String key) {
    Value v = values.get(key);
    return v != null && v.kind() == Kind.FLAG ? v.text() : null;
  }

  /** True when {@code --help} was given; nothing else should happen then. */
  public boolean helpRequested() {
    return help;
  }

  /** Arguments that are not flags (for example the exporter's {@code backfill} subcommand). */
  public List<String> positional() {
    return List.copyOf(positional);
  }

  @Override
  public boolean has(String key) {
    mark(key);
    return values.containsKey(key);
  }

  @Override
  public String origin(String key) {
    Value v = values.get(key);
    return v == null ? key : v.origin();
  }

  @Override
  public String text(String key, String dflt) {
    mark(key);
    Value v = values.get(key);
    return v == null ? dflt : v.text();
  }

  @Override
  public List<String> keysMatching(String glob) {
    asked.add(glob);
    Pattern p = SettingsCatalog.globPattern(glob);
    List<String> out = new ArrayList<>();
    for (String k : values.keySet()) {
      if (p.matcher(k).matches()) {
        out.add(k);
      }
    }
    return out;
  }

  /**
   * The value of a key that belongs to another area or process, without checking it or marking it
   * as used: null when absent or not a finite number. For defaults derived from another process's
   * setting (the exporter's stale limit from the collector's interval).
   */
  public Double peekNumber(String key) {
    Value v = values.get(key);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v.text().strip());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void mark(String key) {
    used.add(key);
    asked.add(key);
  }

  /**
   * Every key and prefix (ending in {@code *}) the areas have asked for, in order: what a process
   * reads, whatever values it was given. The settings catalog test compares it with {@code
   * settings-catalog.txt}.
   */
  public Set<String> asked() {
    return Set.copyOf(asked);
  }

  /**
   * {@code MONITORING_*} names from the environment, the {@code .env} file or the command line that
   * no area read, with their origin, in the order they were given.
   */
  public Map<String, String> unused() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith("MONITORING_") && !used.contains(k)) {
            out.put(k, v.origin());
          }
        });
    return out;
  }

  /**
   * Warnings for the unused names that no process of this project reads; the names the other
   * process reads are expected in a shared {@code .env} and are not warned about.
   */
  public List<String> unknownNameWarnings() {
    List<String> out = new ArrayList<>();
    SettingsCatalog catalog = SettingsCatalog.get();
    unused()
        .forEach(
            (k, origin) -> {
              if (!catalog.knows(k)) {
                out.add("unknown setting " + k + " (" + origin + ") is ignored");
              }
            });
    return out;
  }

  /** Usage text listing the flags. */
  public static String usage(String program, String synopsis, List<Flag> flags) {
    StringBuilder b = new StringBuilder("usage: ").append(program).append(' ').append(synopsis);
    b.append("\n\noptions:\n");
    for (Flag f : flags) {
      String name = f.display() + (f.takesValue() ? " VALUE" : "");
      b.append(String.format(Locale.ROOT, "  %-24s %s%n", name, f.help()));
    }
    b.append(
        "\nEvery option has an environment twin (see docs/settings.md);"
            + " precedence: defaults < .env < environment < options.\n");
    return b.toString();
  }
}
