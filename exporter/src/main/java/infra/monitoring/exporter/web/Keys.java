package infra.monitoring.exporter.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One YAML mapping of the web config file, with messages naming the file and the key path. */
final class Keys {
  private final Path file;
  private final String prefix;
  private final Map<?, ?> map;

  Keys(Path file, String prefix, Object node) throws WebConfigException {
    this.file = file;
    this.prefix = prefix;
    if (node == null) {
      this.map = Map.of();
    } else if (node instanceof Map<?, ?> m) {
      this.map = m;
    } else {
      String where = prefix.isEmpty() ? "the top level" : prefix.substring(0, prefix.length() - 1);
      throw new WebConfigException(file + ": " + where + ": expected a mapping of keys");
    }
  }

  List<String> keys() throws WebConfigException {
    List<String> out = new ArrayList<>();
    for (Object k : map.keySet()) {
      if (!(k instanceof String s)) {
        throw new WebConfigException(file + ": " + prefix + k + ": keys must be strings");
      }
      out.add(s);
    }
    return out;
  }

  Keys child(String key) throws WebConfigException {
    return new Keys(file, prefix + key + ".", map.get(key));
  }

  String string(String key) throws WebConfigException {
    Object v = map.get(key);
    if (v == null) {
      return "";
    }
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw bad(key, "expected a string");
  }

  boolean bool(String key) throws WebConfigException {
    Object v = map.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    throw bad(key, "expected true or false");
  }

  WebConfigException bad(String key, String problem) {
    return new WebConfigException(file + ": " + prefix + key + ": " + problem);
  }

  WebConfigException unknown(String key, Set<String> known, Set<String> notSupported) {
    if (notSupported.contains(key)) {
      return bad(
          key,
          "not supported by this exporter (see docs/security.md for the supported subset;"
              + " remove it)");
    }
    return bad(key, "unknown key (expected one of " + known.stream().sorted().toList() + ")");
  }
}
