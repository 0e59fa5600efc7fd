package infra.monitoring.common;

import java.util.Locale;

/** A feed line that is not a record, with the reason used as the exporter's error label. */
public final class FeedFormatException extends Exception {

  /** Why a line is not a record; {@link #label()} is the Prometheus label value. */
  public enum Reason {
    EMPTY,
    TOO_LONG,
    PARTIAL,
    INVALID_JSON,
    NOT_OBJECT,
    NO_METRICS,
    NO_TIMESTAMP,
    NON_FINITE,
    /** Not a line: an entry with a feed file's name that is not a regular file (never opened). */
    NOT_REGULAR_FILE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Reason reason;

  public FeedFormatException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
