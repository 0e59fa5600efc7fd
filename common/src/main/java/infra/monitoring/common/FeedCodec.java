package infra.monitoring.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes and decodes feed lines. Both processes use this class, so the contract cannot drift.
 *
 * <p>Encoding writes the keys in the record's fixed order with Python's {@code json.dumps}
 * separators ({@code ", "} and {@code ": "}), non-ASCII as UTF-8, every {@link Metric} present
 * ({@code null} when unavailable) and decimals in plain notation ({@code 1795469671.845335}, not
 * {@code 1.795469671845335E9}). Decoding is lenient about unknown keys and mistyped values (they
 * read as null) and strict about what makes a record: a JSON object with a {@code metrics} object,
 * a timestamp, and only finite numbers.
 */
public final class FeedCodec {

  /** Lines longer than this (in chars) are refused without parsing. */
  public static final int DEFAULT_MAX_LINE_CHARS = 256 * 1024;

  private static final Set<String> TOP_LEVEL =
      Set.of("ts", "level", "msg", "state", "timestamp", "metrics", "host", "alerts");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private FeedCodec() {}

  /** One line of JSON, without the trailing newline. */
  public static String encode(FeedRecord r) {
    StringWriter out = new StringWriter(1536);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(new PythonSeparators());
      g.setCodec(MAPPER);
      g.writeStartObject();
      g.writeStringField("ts", r.ts());
      g.writeStringField("level", r.level());
      g.writeStringField("msg", r.msg());
      g.writeStringField("state", r.state());
      g.writeStringField("timestamp", r.timestamp());
      g.writeFieldName("metrics");
      writeMetrics(g, r.metrics());
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

  private static void writeMetrics(JsonGenerator g, Metrics m) throws IOException {
    g.writeStartObject();
    for (Metric k : Metric.values()) {
      g.writeFieldName(k.key());
      Object v = m.get(k);
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
    g.writeArrayFieldStart("disks");
    for (Metrics.Disk d : m.disks()) {
      g.writeStartObject();
      g.writeStringField("mount", d.mount());
      writeLongField(g, "used_bytes", d.usedBytes());
      writeLongField(g, "total_bytes", d.totalBytes());
      writeDoubleField(g, "percent", d.percent());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("interfaces");
    for (Metrics.NetInterface i : m.interfaces()) {
      g.writeStartObject();
      g.writeStringField("name", i.name());
      writeLongField(g, "bytes_sent", i.bytesSent());
      writeLongField(g, "bytes_recv", i.bytesRecv());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("probes");
    for (Metrics.Probe p : m.probes()) {
      g.writeStartObject();
      g.writeStringField("target", p.target());
      writeDoubleField(g, "ping_ms", p.pingMs());
      writeDoubleField(g, "ping_loss_percent", p.lossPercent());
      writeDoubleField(g, "latency_ms", p.latencyMs());
      g.writeStringField("latency_method", p.method());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("collector");
    Metrics.CollectorStats c = m.collector();
    if (c == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      writeDoubleField(g, "cpu_seconds", c.cpuSeconds());
      writeLongField(g, "rss_bytes", c.rssBytes());
      writeDoubleField(g, "sample_seconds", c.sampleSeconds());
      g.writeArrayFieldStart("sources");
      for (Metrics.SourceStatus s : c.sources()) {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeBooleanField("ok", s.ok());
        g.writeFieldName("seconds");
        writeDouble(g, s.seconds());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeLongField(JsonGenerator g, String name, Long v) throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
    } else {
      g.writeNumber(v);
    }
  }

  private static void writeDoubleField(JsonGenerator g, String name, Double v) throws IOException {
    g.writeFieldName(name);
    if (v == null) {
      g.writeNull();
    } else {
      writeDouble(g, v);
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
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new FeedFormatException(
          FeedFormatException.Reason.INVALID_JSON, "not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new FeedFormatException(
          FeedFormatException.Reason.NOT_OBJECT, "a JSON value that is not an object");
    }
    JsonNode mnode = root.get("metrics");
    if (mnode == null || !mnode.isObject()) {
      throw new FeedFormatException(FeedFormatException.Reason.NO_METRICS, "no \"metrics\" object");
    }
    requireFinite(root);
    Metrics m = decodeMetrics((ObjectNode) mnode);
    List<Alert> alerts = new ArrayList<>();
    JsonNode anode = root.get("alerts");
    if (anode != null && anode.isArray()) {
      for (JsonNode a : anode) {
        Severity level = Severity.parse(text(a.get("level")));
        JsonNode value = a.get("value");
        String name = text(a.get("name"));
        if (name != null && level != null && value != null && value.isNumber()) {
          alerts.add(new Alert(name, value.doubleValue(), level));
        }
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!TOP_LEVEL.contains(e.getKey())) {
        extra.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
      }
    }
    FeedRecord r =
        new FeedRecord(
            text(root.get("ts")),
            text(root.get("level")),
            text(root.get("msg")),
            text(root.get("state")),
            text(root.get("timestamp")),
            m,
            text(root.get("host")),
            alerts,
            extra);
    if (r.epochSeconds() == null) {
      throw new FeedFormatException(
          FeedFormatException.Reason.NO_TIMESTAMP,
          "neither metrics.timestamp nor an ISO-8601 timestamp");
    }
    return r;
  }

  private static void requireFinite(JsonNode node) throws FeedFormatException {
    if (node.isNumber()) {
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw new FeedFormatException(
            FeedFormatException.Reason.NON_FINITE, "a non-finite number (" + node + ")");
      }
    } else if (node.isContainerNode()) {
      for (JsonNode child : node) {
        requireFinite(child);
      }
    }
  }

  private static Metrics decodeMetrics(ObjectNode n) {
    Metrics m = new Metrics();
    for (Metric k : Metric.values()) {
      JsonNode v = n.get(k.key());
      if (v == null || v.isNull()) {
        continue;
      }
      switch (k.kind()) {
        case NUMBER -> {
          if (v.isNumber()) {
            m.put(k, v.doubleValue());
          }
        }
        case INTEGER -> {
          Long l = asLong(v);
          if (l != null) {
            m.put(k, l);
          }
        }
        case TEXT -> {
          if (v.isTextual()) {
            m.put(k, v.textValue());
          }
        }
        case BOOLEAN -> {
          if (v.isBoolean()) {
            m.put(k, v.booleanValue());
          }
        }
      }
    }
    List<Metrics.Disk> disks = new ArrayList<>();
    JsonNode dn = n.get("disks");
    if (dn != null && dn.isArray()) {
      for (JsonNode d : dn) {
        String mount = text(d.get("mount"));
        if (mount != null) {
          disks.add(
              new Metrics.Disk(
                  mount,
                  asLong(d.get("used_bytes")),
                  asLong(d.get("total_bytes")),
                  asDouble(d.get("percent"))));
        }
      }
    }
    m.disks(disks);
    List<Metrics.NetInterface> ifs = new ArrayList<>();
    JsonNode in = n.get("interfaces");
    if (in != null && in.isArray()) {
      for (JsonNode i : in) {
        String name = text(i.get("name"));
        if (name != null) {
          ifs.add(
              new Metrics.NetInterface(
                  name, asLong(i.get("bytes_sent")), asLong(i.get("bytes_recv"))));
        }
      }
    }
    m.interfaces(ifs);
    List<Metrics.Probe> probes = new ArrayList<>();
    JsonNode pn = n.get("probes");
    if (pn != null && pn.isArray()) {
      for (JsonNode p : pn) {
        String target = text(p.get("target"));
        if (target != null) {
          probes.add(
              new Metrics.Probe(
                  target,
                  asDouble(p.get("ping_ms")),
                  asDouble(p.get("ping_loss_percent")),
                  asDouble(p.get("latency_ms")),
                  text(p.get("latency_method"))));
        }
      }
    }
    m.probes(probes);
    JsonNode c = n.get("collector");
    if (c != null && c.isObject()) {
      List<Metrics.SourceStatus> sources = new ArrayList<>();
      JsonNode sn = c.get("sources");
      if (sn != null && sn.isArray()) {
        for (JsonNode s : sn) {
          String name = text(s.get("name"));
          Double secs = asDouble(s.get("seconds"));
          JsonNode ok = s.get("ok");
          if (name != null && ok != null && ok.isBoolean()) {
            sources.add(new Metrics.SourceStatus(name, ok.booleanValue(), secs == null ? 0 : secs));
          }
        }
      }
      m.collector(
          new Metrics.CollectorStats(
              asDouble(c.get("cpu_seconds")),
              asLong(c.get("rss_bytes")),
              asDouble(c.get("sample_seconds")),
              sources));
    }
    return m;
  }

  private static String text(JsonNode n) {
    return n != null && n.isTextual() ? n.textValue() : null;
  }

  private static Double asDouble(JsonNode n) {
    return n != null && n.isNumber() ? n.doubleValue() : null;
  }

  /** Integral JSON numbers, and floats with an exact integral value (Python may write 1e10). */
  private static Long asLong(JsonNode n) {
    if (n == null || !n.isNumber()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? n.longValue() : null;
    }
    double d = n.doubleValue();
    return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (long) d : null;
  }

  /** Python's default {@code json.dumps} layout: {@code {"a": 1, "b": [1, 2]}} on one line. */
  private static final class PythonSeparators implements PrettyPrinter {
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
