package infra.monitoring.common.settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The names every process of the project reads, by process ({@code settings-catalog.txt} beside
 * this class: {@code <process> <NAME>} or {@code <process> <GLOB>} per line, where {@code *} stands
 * for any text). Each process checks only its own settings; this list is what lets it stay quiet
 * about the other process's names in a shared {@code .env} while still warning about a typo. It is
 * not kept by hand: each module's {@code SettingsCatalogTest} compares its lines with what the
 * module's settings areas really read, and docs/settings.md is checked against it.
 */
public final class SettingsCatalog {
  static final String RESOURCE = "settings-catalog.txt";

  /** One line: the process ({@code common}, {@code collector}, {@code exporter}) and a name. */
  public record Entry(String process, String name) {
    boolean matches(String key) {
      return name.indexOf('*') < 0 ? name.equals(key) : globPattern(name).matcher(key).matches();
    }
  }

  private static volatile SettingsCatalog instance;

  private final List<Entry> entries;

  SettingsCatalog(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** The catalog shipped in the jar. */
  public static SettingsCatalog get() {
    SettingsCatalog c = instance;
    if (c == null) {
      c = load();
      instance = c;
    }
    return c;
  }

  private static SettingsCatalog load() {
    List<Entry> out = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(
                SettingsCatalog.class.getResourceAsStream(RESOURCE), RESOURCE + " missing");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split("\\s+");
        if (parts.length != 2) {
          throw new IllegalStateException(RESOURCE + ": bad line '" + line + "'");
        }
        out.add(new Entry(parts[0], parts[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SettingsCatalog(out);
  }

  /** A glob where {@code *} stands for any text, empty included, as a pattern. */
  static Pattern globPattern(String glob) {
    String[] parts = glob.split("\\*", -1);
    StringBuilder b = new StringBuilder(Pattern.quote(parts[0]));
    for (int i = 1; i < parts.length; i++) {
      b.append(".*").append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(b.toString());
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The names of one process, sorted. */
  public Set<String> names(String process) {
    Set<String> out = new TreeSet<>();
    for (Entry e : entries) {
      if (e.process().equals(process)) {
        out.add(e.name());
      }
    }
    return out;
  }

  /** True when some process reads this name. */
  public boolean knows(String key) {
    for (Entry e : entries) {
      if (e.matches(key)) {
        return true;
      }
    }
    return false;
  }
}
