package infra.monitoring.exporter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One flat JSON object (string, number, boolean and null values) written with jackson-core's
 * generator, as databind's {@code ObjectMapper} would write it. The exporter keeps databind
 * unloaded: its ~400 classes cost about 3 MiB of resident memory for one small /health body.
 */
final class FlatJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private FlatJson() {}

  static String write(Map<String, ?> body) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, ?> e : body.entrySet()) {
        g.writeFieldName(e.getKey());
        Object v = e.getValue();
        if (v == null) {
          g.writeNull();
        } else if (v instanceof Double d) {
          g.writeNumber(d);
        } else if (v instanceof Float f) {
          g.writeNumber(f);
        } else if (v instanceof Long l) {
          g.writeNumber(l);
        } else if (v instanceof Integer i) {
          g.writeNumber(i);
        } else if (v instanceof Boolean b) {
          g.writeBoolean(b);
        } else {
          g.writeString(v.toString());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
