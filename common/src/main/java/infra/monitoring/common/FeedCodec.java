package infra.monitoring.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import infra.monitoring.common.metric.Metric;
import infra.monitoring.common.metric.RecordList;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes and decodes feed lines. Both processes use this class, so the contract cannot drift; the
 * {@code metrics} object is written and read from the {@link Metric} declarations alone, lists
 * included, so a new value needs no code here.
 *
 * <p>Encoding writes the keys in the record's fixed order with Python's {@code json.dumps}
 * separators ({@code ", "} and {@code ": "}), non-ASCII as UTF-8, every declared value present
 * ({@code null} when unavailable) and decimals in plain notation ({@code 1795469671.845335}, not
 * {@code 1.795469671845335E9}).
 *
 * <p>Decoding streams the line: a value of the wrong type reads as null, a top-level key the
 * project does not write is skipped without being built in memory, and Jackson's read limits bound
 * strings, numbers and nesting. It is strict about what makes a record: a JSON object with a {@code
 * metrics} object, a timestamp, and only finite numbers in the values it reads.
 */
public final class FeedCodec {

  /** Lines longer than this (in chars) are refused without parsing. */
  public static final int DEFAULT_MAX_LINE_CHARS = 256 * 1024;

  /** Top-level keys beyond the contract's that the project writes and reads back. */
  static final Set<String> KNOWN_EXTRAS =
      Set.of(
          "critical_since",
          "treatments",
          "post_treatment",
          "action",
          "metric",
          "attempt_ts",
          "dry_run",
          "ok",
          "result",
          "wait_seconds");

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(32)
                  .maxNumberLength(64)
                  .maxStringLength(DEFAULT_MAX_LINE_CHARS)
                  .build())
          .build();

  /**
   * Databind, only for writing values of types the codec does not know. Held apart so that a
   * process that only decodes (the exporter) never loads it: its ~400 classes cost ~3 MiB of
   * resident memory. Typed as jackson-core's ObjectCodec so that verifying {@link #encode} does not
   * load ObjectMapper's class either.
   */
  private static final class Mapper {
    static final ObjectCodec INSTANCE = JsonMapper.builder(FACTORY).build();
  }

  private FeedCodec() {}

  /** One line of JSON, without the trailing newline. */
  public static String encode(FeedRecord r) {
    StringWriter out = new StringWriter(1536);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(new PythonSeparators());
      g.setCodec(Mapper.INSTANCE);
      g.writeStartObject();
      g.writeStringField("ts", r.ts());
      g.writeStringField("level", r.level());
      g.writeStringField("msg", r.msg());
      g.writeStringField("state", r.state());
      g.writeStringField("timestamp", r.timestamp());
      g.writeFieldName("metrics");
      writeSection(g, r.metrics(), Metric.Section.METRICS);
      g.writeStringField("host", r.host());
      g.writeArrayFieldStart("alerts");
      for (Alert a : r.alerts()) {
        g.writeStartObject();
        g.writeStringField("name", a.name());
        g.writeFieldName("value");
        writeDouble(g, a.value());
        g.writeStringField("level", a.level().name());
        g.writeEndObject();
      }
      g.writeEndArray();
      for (Map.Entry<String, Object> e : r.extra().entrySet()) {
        g.writeFieldName(e.getKey());
        writeAny(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A section's scalars, then its lists, then (for {@code metrics}) the collector block. */
  private static void writeSection(JsonGenerator g, Metrics m, Metric.Section section)
      throws IOException {
    g.writeStartObject();
    for (Metric k : Metric.of(section, null)) {
      g.writeFieldName(k.key());
      writeScalar(g, m.get(k));
    }
    for (RecordList list : RecordList.values()) {
      if (list.section() != section) {
        continue;
      }
      g.writeFieldName(list.key());
      List<Metrics.Row> rows = m.rows(list);
      if (rows == null) {
        g.writeNull();
        continue;
      }
      List<Metric> fields = Metric.of(section, list);
      g.writeStartArray();
      for (Metrics.Row row : rows) {
        g.writeStartObject();
        g.writeStringField(list.idKey(), row.id());
        for (Metric f : fields) {
          g.writeFieldName(f.key());
          writeScalar(g, row.get(f));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (section == Metric.Section.METRICS) {
      g.writeFieldName("collector");
      if (m.isEmpty(Metric.Section.COLLECTOR)) {
        g.writeNull();
      } else {
        writeSection(g, m, Metric.Section.COLLECTOR);
      }
    }
    g.writeEndObject();
  }

  private static void writeScalar(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Double d) {
      writeDouble(g, d);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(v.toString());
    }
  }

  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (!Double.isFinite(d)) {
      g.writeNull();
    } else {
      g.writeNumber(plain(d));
    }
  }

  /** Shortest round-trip digits (Java's and Python's repr agree), never in exponent form. */
  static String plain(double d) {
    String s = Double.toString(d);
    if (s.indexOf('E') < 0) {
      return s;
    }
    String p = new BigDecimal(s).stripTrailingZeros().toPlainString();
    return p.indexOf('.') < 0 ? p + ".0" : p;
  }

  private static void writeAny(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Double d) {
      writeDouble(g, d);
    } else if (v instanceof Float f) {
      writeDouble(g, f.doubleValue());
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeAny(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        writeAny(g, o);
      }
      g.writeEndArray();
    } else {
      g.writeObject(v);
    }
  }

  /** Decodes a line with the default length limit. */
  public static FeedRecord decode(String line) throws FeedFormatException {
    return decode(line, DEFAULT_MAX_LINE_CHARS);
  }

  /** Decodes one line (a trailing newline is allowed). */
  public static FeedRecord decode(String line, int maxChars) throws FeedFormatException {
    if (line == null || line.isBlank()) {
      throw new FeedFormatException(FeedFormatException.Reason.EMPTY, "empty line");
    }
    if (line.length() > maxChars) {
      throw new FeedFormatException(
          FeedFormatException.Reason.TOO_LONG,
          "line of " + line.length() + " chars is over the limit of " + maxChars);
    }
    try (JsonParser p = FACTORY.createParser(line)) {
      return FeedDecoder.read(p);
    } catch (JsonProcessingException e) {
      throw new FeedFormatException(
          FeedFormatException.Reason.INVALID_JSON, "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Python's default {@code json.dumps} layout: {@code {"a": 1, "b": [1, 2]}} on one line. */
  private static final class PythonSeparators implements com.fasterxml.jackson.core.PrettyPrinter {
    @Override
    public void writeRootValueSeparator(JsonGenerator g) {}

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      g.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      g.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) {}

    @Override
    public void beforeObjectEntries(JsonGenerator g) {}
  }
}
