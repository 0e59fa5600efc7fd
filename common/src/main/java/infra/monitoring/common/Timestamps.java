package infra.monitoring.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The feed's time formats: UTC ISO-8601 with microseconds and {@code +00:00}, and epoch seconds.
 */
public final class Timestamps {
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  private Timestamps() {}

  /** {@code 2026-11-23T21:34:31.852247+00:00}. */
  public static String iso(Instant instant) {
    return ISO_MICROS.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** Epoch seconds with microsecond precision. */
  public static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + (instant.getNano() / 1000) / 1_000_000.0;
  }

  /** Parses an ISO-8601 time with an offset (or a {@code Z}); null when it is not one. */
  public static Double parseEpochSeconds(String iso) {
    try {
      Instant i = OffsetDateTime.parse(iso).toInstant();
      return i.getEpochSecond() + i.getNano() / 1e9;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
