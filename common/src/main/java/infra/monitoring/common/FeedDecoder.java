package infra.monitoring.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one feed line from a streaming parser into a {@link FeedRecord}, guided by the {@link
 * Metric} declarations: values of the wrong type read as null, keys nobody declared are skipped
 * token by token (never built in memory), what is built is bounded ({@link FeedLimits}), and a
 * non-finite number in a value read refuses the line.
 */
final class FeedDecoder {
  private FeedDecoder() {}

  static FeedRecord read(JsonParser p) throws IOException, FeedFormatException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new FeedFormatException(
          FeedFormatException.Reason.NOT_OBJECT, "a JSON value that is not an object");
    }
    Map<String, String> texts = new LinkedHashMap<>();
    Metrics metrics = null;
    List<Alert> alerts = new ArrayList<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    FeedLimits.ExtraBudget budget = new FeedLimits.ExtraBudget();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "ts", "level", "msg", "state", "timestamp", "host" -> texts.put(name, text(p));
        case "metrics" -> {
          if (value == JsonToken.START_OBJECT) {
            metrics = section(p, new Metrics(), Metric.Section.METRICS);
          } else {
            p.skipChildren();
          }
        }
        case "alerts" -> alerts(p, alerts);
        default -> {
          if (FeedCodec.KNOWN_EXTRAS.contains(name)) {
            extra.put(name, budget.read(p, name));
          } else {
            p.skipChildren();
          }
        }
      }
    }
    if (metrics == null) {
      throw new FeedFormatException(FeedFormatException.Reason.NO_METRICS, "no \"metrics\" object");
    }
    FeedRecord r =
        new FeedRecord(
            texts.get("ts"),
            texts.get("level"),
            texts.get("msg"),
            texts.get("state"),
            texts.get("timestamp"),
            metrics,
            texts.get("host"),
            alerts,
            extra);
    if (r.epochSeconds() == null) {
      throw new FeedFormatException(
          FeedFormatException.Reason.NO_TIMESTAMP,
          "neither metrics.timestamp nor an ISO-8601 timestamp");
    }
    return r;
  }

  /** Reads the object the parser is on into the scalars and lists of one section. */
  private static Metrics section(JsonParser p, Metrics m, Metric.Section section)
      throws IOException, FeedFormatException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      Metric scalar = scalar(section, name);
      RecordList list = list(section, name);
      if (scalar != null) {
        m.put(scalar, value(p, scalar));
      } else if (list != null && value == JsonToken.START_ARRAY) {
        m.rows(list, rows(p, list));
      } else if (section == Metric.Section.METRICS
          && name.equals("collector")
          && value == JsonToken.START_OBJECT) {
        section(p, m, Metric.Section.COLLECTOR);
      } else {
        p.skipChildren();
      }
    }
    return m;
  }

  private static List<Metrics.Row> rows(JsonParser p, RecordList list)
      throws IOException, FeedFormatException {
    List<Metrics.Row> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String id = null;
      Map<Metric, Object> fields = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        Metric f = Metric.field(list, name);
        if (name.equals(list.idKey())) {
          id = text(p);
        } else if (f != null) {
          Object v = value(p, f);
          if (v != null) {
            fields.put(f, v);
          }
        } else {
          p.skipChildren();
        }
      }
      if (id != null) {
        FeedLimits.checkRows(list.key(), out.size());
        Metrics.Row row = new Metrics.Row(id);
        fields.forEach(row::put);
        out.add(row);
      }
    }
    return out;
  }

  private static void alerts(JsonParser p, List<Alert> out)
      throws IOException, FeedFormatException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String name = null;
      Double value = null;
      Severity level = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        switch (key) {
          case "name" -> name = text(p);
          case "value" -> value = finite(p);
          case "level" -> level = Severity.parse(text(p));
          default -> p.skipChildren();
        }
      }
      if (name != null && level != null && value != null) {
        FeedLimits.checkRows("alerts", out.size());
        out.add(new Alert(name, value, level));
      }
    }
  }

  /** The value the parser is on as the metric's kind, or null when it is of another type. */
  private static Object value(JsonParser p, Metric m) throws IOException, FeedFormatException {
    JsonToken t = p.currentToken();
    return switch (m.kind()) {
      case NUMBER -> finite(p);
      case INTEGER -> integral(p);
      case TEXT -> text(p);
      case BOOLEAN ->
          t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE ? p.getBooleanValue() : skip(p);
    };
  }

  /** Integral numbers, and floats with an exact integral value (Python may write 1e10). */
  private static Long integral(JsonParser p) throws IOException, FeedFormatException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG
          ? p.getLongValue()
          : null;
    }
    Double d = finite(p);
    if (d == null) {
      return null;
    }
    return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (long) (double) d : null;
  }

  /** A number token as a double (a non-finite one refuses the line), else null. */
  private static Double finite(JsonParser p) throws IOException, FeedFormatException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (!Double.isFinite(d)) {
        throw new FeedFormatException(
            FeedFormatException.Reason.NON_FINITE, "a non-finite number (" + p.getText() + ")");
      }
      return d;
    }
    return t == JsonToken.VALUE_NUMBER_INT ? p.getDoubleValue() : skip(p);
  }

  private static String text(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    return skip(p);
  }

  private static <T> T skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static Metric scalar(Metric.Section section, String key) {
    return SCALARS.get(section).get(key);
  }

  private static RecordList list(Metric.Section section, String key) {
    RecordList l = LISTS.get(key);
    return l != null && l.section() == section ? l : null;
  }

  private static final Map<Metric.Section, Map<String, Metric>> SCALARS = scalars();
  private static final Map<String, RecordList> LISTS = lists();

  private static Map<Metric.Section, Map<String, Metric>> scalars() {
    Map<Metric.Section, Map<String, Metric>> out = new EnumMap<>(Metric.Section.class);
    for (Metric.Section s : Metric.Section.values()) {
      Map<String, Metric> byKey = new HashMap<>();
      Metric.of(s, null).forEach(m -> byKey.put(m.key(), m));
      out.put(s, byKey);
    }
    return out;
  }

  private static Map<String, RecordList> lists() {
    Map<String, RecordList> out = new HashMap<>();
    for (RecordList l : RecordList.values()) {
      out.put(l.key(), l);
    }
    return out;
  }
}
