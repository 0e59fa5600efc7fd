package infra.monitoring.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import infra.monitoring.common.metric.RecordList;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a feed line may build in memory: hostile lines within the length limit. */
class FeedLimitsTest {
  /** A line just under 250 KiB: a valid record with {@code "key": [{},{},...]} appended. */
  static String hostile(String key) {
    String line = FeedCodec.encode(FeedCodecTest.record(FeedCodecTest.sample(), null));
    int n = (250 * 1024 - line.length() - key.length() - 10) / 3;
    String[] empties = new String[n];
    Arrays.fill(empties, "{}");
    String pad = ", \"" + key + "\": [" + String.join(",", empties) + "]}";
    return line.substring(0, line.length() - 1) + pad;
  }

  /** The sample record with {@code n} rows in its {@code list} (rows of the list's id only). */
  static String rows(String list, String id, int n) {
    String line = FeedCodec.encode(FeedCodecTest.record(FeedCodecTest.sample(), null));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("{\"").append(id).append("\": \"r").append(i).append("\"}, ");
    }
    return line.replace("\"" + list + "\": [", "\"" + list + "\": [" + b);
  }

  private static void assertTooLong(String line, String message) {
    assertThatThrownBy(() -> FeedCodec.decode(line))
        .isInstanceOf(FeedFormatException.class)
        .hasMessage(message)
        .extracting(e -> ((FeedFormatException) e).reason())
        .isEqualTo(FeedFormatException.Reason.TOO_LONG);
  }

  @Test
  void aQuarterMegabyteOfUnknownKeyIsSkippedAndTheRecordServed() throws Exception {
    String line = hostile("x");
    assertThat(line.length()).isBetween(250 * 1024 - 16, 250 * 1024);
    FeedRecord r = FeedCodec.decode(line);
    assertThat(r).isEqualTo(FeedCodecTest.record(FeedCodecTest.sample(), null));
  }

  @Test
  void aKnownExtraKeyHoldingTensOfThousandsOfValuesRefusesTheLine() {
    assertTooLong(
        hostile("treatments"), "the extra keys hold more than 1024 values (\"treatments\")");
  }

  @Test
  void listsAndAlertsAreBoundedByRows() throws Exception {
    assertThat(FeedCodec.decode(rows("disks", "mount", 1023)).metrics().rows(RecordList.DISKS))
        .hasSize(1024);
    assertTooLong(rows("disks", "mount", 1024), "disks holds more than 1024 rows");
    assertTooLong(rows("interfaces", "name", 5000), "interfaces holds more than 1024 rows");
    assertTooLong(rows("sources", "name", 2000), "sources holds more than 1024 rows");
    StringBuilder alerts = new StringBuilder();
    for (int i = 0; i < 1025; i++) {
      alerts.append("{\"name\": \"a\", \"value\": 1, \"level\": \"WARNING\"}, ");
    }
    String line = FeedCodec.encode(FeedCodecTest.record(FeedCodecTest.sample(), null));
    assertTooLong(
        line.replace("\"alerts\": [", "\"alerts\": [" + alerts),
        "alerts holds more than 1024 rows");
  }

  @Test
  void extraKeysWithinTheBudgetReadAsJacksonReadsThem() throws Exception {
    String line =
        "{\"metrics\": {\"timestamp\": 5}, \"treatments\": {\"mode\": \"on\", \"attempts\":"
            + " {\"drop_caches\": 3, \"big\": 12345678901234567890}, \"last\": null, \"list\":"
            + " [1.5, true, false, \"s\", [], {}]}, \"critical_since\": {\"cpu_percent\": 1.25}}";
    Map<String, Object> attempts = new LinkedHashMap<>();
    attempts.put("drop_caches", 3);
    attempts.put("big", new BigInteger("12345678901234567890"));
    Map<String, Object> treatments = new LinkedHashMap<>();
    treatments.put("mode", "on");
    treatments.put("attempts", attempts);
    treatments.put("last", null);
    treatments.put("list", List.of(1.5, true, false, "s", List.of(), Map.of()));
    assertThat(FeedCodec.decode(line).extra())
        .containsExactly(
            Map.entry("treatments", treatments),
            Map.entry("critical_since", Map.of("cpu_percent", 1.25)));
  }
}
