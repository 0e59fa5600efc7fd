package infra.monitoring.collector.source;

/** Fail-soft number helpers shared by the parsers (a bad token gives null, never an exception). */
final class Parse {
  private Parse() {}

  static Long longOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Double doubleOrNull(String s) {
    if (s == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(s.strip());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Whitespace-separated tokens of one line (no regex: this runs on every sample). */
  static String[] fields(String line) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(16);
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }

  /** Rounds to {@code digits} decimals (the original wrote one decimal for percentages). */
  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static double clampPercent(double v) {
    return Math.max(0.0, Math.min(100.0, v));
  }
}
