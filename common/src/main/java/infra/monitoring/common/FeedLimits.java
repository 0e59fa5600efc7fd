package infra.monitoring.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one feed line may build in memory, beyond its length: the line limit alone still lets a
 * quarter of a megabyte of {@code {},} become some 80,000 objects, which is more than the
 * exporter's heap. Lists of rows and alerts are bounded by count, and the project's own extra keys
 * ({@code critical_since}, {@code treatments}, ...) by the number of values built, far above what
 * the collector writes; a line over a bound is refused as {@code too_long}, so the reader keeps the
 * record it had instead of serving part of one. Unknown keys are never built at all.
 */
final class FeedLimits {
  /** Rows of one list (disks, interfaces, probes, sources), and alerts. */
  static final int MAX_ROWS = 1024;

  /** Values of the extra keys of one line together (each scalar, object and array counts one). */
  static final int MAX_EXTRA_VALUES = 1024;

  private FeedLimits() {}

  /** Refuses the line when a list already holds {@link #MAX_ROWS} and another row comes. */
  static void checkRows(String where, int rows) throws FeedFormatException {
    if (rows >= MAX_ROWS) {
      throw new FeedFormatException(
          FeedFormatException.Reason.TOO_LONG, where + " holds more than " + MAX_ROWS + " rows");
    }
  }

  /** Counts the values built from the extra keys of one line. */
  static final class ExtraBudget {
    private int left = MAX_EXTRA_VALUES;

    /**
     * Reads the value the parser is on into maps (key order kept), lists, strings, numbers ({@code
     * Integer}, {@code Long}, {@code BigInteger} or {@code Double}), booleans and null, as
     * Jackson's untyped reading does, but refuses the line once the budget is spent.
     */
    Object read(JsonParser p, String key) throws IOException, FeedFormatException {
      if (--left < 0) {
        throw new FeedFormatException(
            FeedFormatException.Reason.TOO_LONG,
            "the extra keys hold more than " + MAX_EXTRA_VALUES + " values (\"" + key + "\")");
      }
      JsonToken t = p.currentToken();
      switch (t) {
        case START_OBJECT:
          Map<String, Object> map = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, read(p, key));
          }
          return map;
        case START_ARRAY:
          List<Object> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(p, key));
          }
          return list;
        case VALUE_STRING:
          return p.getText();
        case VALUE_NUMBER_INT:
          return p.getNumberValue();
        case VALUE_NUMBER_FLOAT:
          return p.getDoubleValue();
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        default:
          p.skipChildren();
          return null;
      }
    }
  }
}
