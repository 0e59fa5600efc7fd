package infra.monitoring.common;

/** Host state, ordered from best to worst so that the worst of several is the maximum. */
public enum Severity {
  STABLE,
  WARNING,
  CRITICAL;

  /** The severity named exactly by {@code name}, or null for null or any other text. */
  public static Severity parse(String name) {
    if (name == null) {
      return null;
    }
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static Severity worst(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
