package infra.monitoring.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowReaderTest {

  static boolean outside(String line, String from, String to) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return WindowReader.outside(
        b,
        b.length,
        WindowReader.tsKey(Instant.parse(from)),
        WindowReader.tsKey(Instant.parse(to)));
  }

  @Test
  void thePrefilterSkipsOnlyFeedLinesClearlyOutsideTheWindow() {
    String from = "2026-11-23T10:00:00Z";
    String to = "2026-11-23T11:00:00Z";
    assertThat(outside("{\"ts\": \"2026-11-23T09:59:59.000001+00:00\", \"x\": 1}", from, to))
        .isTrue();
    assertThat(outside("{\"ts\": \"2026-11-23T10:30:00.000001+00:00\", \"x\": 1}", from, to))
        .isFalse();
    assertThat(outside("{\"ts\": \"2026-11-23T11:00:01.5+00:00\", \"x\": 1}", from, to)).isTrue();
    // Not the feed's form: decoded, never skipped on a guess.
    assertThat(outside("{\"ts\": \"2026-11-23T08:00:00.000001+02:00\", \"x\": 1}", from, to))
        .isFalse();
    assertThat(outside("{\"level\": \"INFO\", \"ts\": \"2026-11-23T01:00:00+00:00\"}", from, to))
        .isFalse();
    assertThat(outside("{\"ts\": \"garbage-11-23T01:00:00+00:00\"}", from, to)).isFalse();
  }
}
