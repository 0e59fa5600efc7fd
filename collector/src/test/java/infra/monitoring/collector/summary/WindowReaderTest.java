package infra.monitoring.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowReaderTest {

  static List<String> lines(String text) throws Exception {
    List<String> out = new ArrayList<>();
    WindowReader.forEachLine(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        (n, buf, len) -> out.add(n + ":" + new String(buf, 0, len, StandardCharsets.UTF_8)));
    return out;
  }

  @Test
  void splitsOnNewlinesAndNumbersFromOne() throws Exception {
    assertThat(lines("a\n\nbé\nlast")).containsExactly("1:a", "2:", "3:bé", "4:last");
    assertThat(lines("")).isEmpty();
    String big = "x".repeat(200_000);
    assertThat(lines(big + "\nz\n")).containsExactly("1:" + big, "2:z");
  }

  @Test
  void anOverlongLineIsPassedOnWithALengthOverTheLimit() throws Exception {
    List<Integer> lens = new ArrayList<>();
    String huge = "y".repeat(2_000_000);
    WindowReader.forEachLine(
        new ByteArrayInputStream((huge + "\nok\n").getBytes(StandardCharsets.US_ASCII)),
        (n, buf, len) -> lens.add(len));
    assertThat(lens.get(0)).isGreaterThan(1_000_000);
    assertThat(lens.get(1)).isEqualTo(2);
  }

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
