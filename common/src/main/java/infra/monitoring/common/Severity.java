package infra.monitoring.common;

/** Host state, ordered from best to worst so that the worst of several is the maximum. */
public enum Severity {
  STABLE,
  WARNING,
  CRITICAL;

  public static Severity worst(Severity a, Severity b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
