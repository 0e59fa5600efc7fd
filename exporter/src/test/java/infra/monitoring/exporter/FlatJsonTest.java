package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FlatJson writes /health's body byte for byte as databind's ObjectMapper did before the exporter
 * stopped loading databind (the test classpath still has it).
 */
class FlatJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static Map<String, Object> everyValueKind() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("null", null);
    b.put("double", 12.345);
    b.put("negative_double", -86330.0);
    b.put("tiny_double", 1.0e-7);
    b.put("huge_double", 1.0e300);
    b.put("nan", Double.NaN);
    b.put("infinity", Double.NEGATIVE_INFINITY);
    b.put("float", 0.1f);
    b.put("long", Long.MIN_VALUE);
    b.put("int", 30);
    b.put("true", true);
    b.put("false", false);
    b.put("string", "monitoring-2026-11-24.jsonl");
    b.put("escapes", "quote\" backslash\\ slash/ newline\n tab\t bell\u0007 nul\u0000 del\u007f");
    b.put("unicode", "São Paulo ✓ \uD83D\uDE00 line\u2028sep");
    b.put("key \"quoted\"\n", "");
    return b;
  }

  @Test
  void writesEveryValueKindAsObjectMapperDoes() throws Exception {
    Map<String, Object> body = everyValueKind();
    assertThat(FlatJson.write(body)).isEqualTo(MAPPER.writeValueAsString(body));
  }

  @Test
  void writesAHealthBodyAsObjectMapperDoes() throws Exception {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("status", "ok");
    b.put("state", "WARNING");
    b.put("last_sample", "2026-11-24T10:00:00.123456Z");
    b.put("age_seconds", 1.5);
    b.put("stale_after_seconds", 30.0);
    b.put("feed_file", null);
    assertThat(FlatJson.write(b)).isEqualTo(MAPPER.writeValueAsString(b));
    // And the exact text, so a change in both libraries at once would still show.
    assertThat(FlatJson.write(b))
        .isEqualTo(
            "{\"status\":\"ok\",\"state\":\"WARNING\",\"last_sample\":\"2026-11-24T10:00:00.123456Z\","
                + "\"age_seconds\":1.5,\"stale_after_seconds\":30.0,\"feed_file\":null}");
  }

  @Test
  void writesAnEmptyObject() throws Exception {
    assertThat(FlatJson.write(Map.of()))
        .isEqualTo(MAPPER.writeValueAsString(Map.of()))
        .isEqualTo("{}");
  }
}
