package infra.monitoring.exporter;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a Prometheus text body into series (name with labels, as written) and values. */
final class Exposition {
  private Exposition() {}

  static Map<String, Double> parse(String body) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
    }
    return m;
  }
}
