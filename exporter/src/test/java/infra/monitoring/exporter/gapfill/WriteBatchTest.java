package infra.monitoring.exporter.gapfill;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.exporter.gapfill.prompb.RemoteWrite.WriteRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WriteBatchTest {
  /** Two families: a gauge with a value per record, a labelled one with a clash and an empty. */
  static final SeriesSource SOURCE =
      (r, sink) -> {
        double v = r.epochSeconds();
        sink.sample("monitoring_up", List.of(), List.of(), v);
        sink.sample("monitoring_disk_used_bytes", List.of("mount", "job"), List.of("/", "x"), 2);
        sink.sample("monitoring_probe_success", List.of("target"), List.of(""), 1);
      };

  static FeedRecord record(double epoch) {
    return GapFillerTest.record(epoch);
  }

  /** The request as text: one line per series, labels then samples (value@ms). */
  static String text(WriteRequest w) {
    List<String> out = new ArrayList<>();
    for (var ts : w.getTimeseriesList()) {
      String labels =
          ts.getLabelsList().stream()
              .map(l -> l.getName() + "=" + l.getValue())
              .collect(Collectors.joining(","));
      String samples =
          ts.getSamplesList().stream()
              .map(s -> s.getValue() + "@" + s.getTimestamp())
              .collect(Collectors.joining(" "));
      out.add(labels + " " + samples);
    }
    return String.join("\n", out);
  }

  @Test
  void aBatchIsOneSeriesPerLabelSetWithSortedLabelsAndTheRecordsMillisecondTimes()
      throws Exception {
    WriteBatch b = new WriteBatch(SOURCE, "infra-monitoring", "host:8000");
    b.add(record(1795469671.8453), 1795469671.8453);
    b.add(record(1795469672.8461), 1795469672.8461);
    assertThat(b.samples()).isEqualTo(6);
    assertThat(b.records()).isEqualTo(2);
    WriteRequest decoded = WriteRequest.parseFrom(SnappyBlock.decompress(b.body()));
    assertThat(text(decoded))
        .isEqualTo(
            "__name__=monitoring_up,instance=host:8000,job=infra-monitoring"
                + " 1.7954696718453E9@1795469671845 1.7954696728461E9@1795469672846\n"
                + "__name__=monitoring_disk_used_bytes,exported_job=x,instance=host:8000,"
                + "job=infra-monitoring,mount=/ 2.0@1795469671845 2.0@1795469672846\n"
                + "__name__=monitoring_probe_success,instance=host:8000,job=infra-monitoring"
                + " 1.0@1795469671845 1.0@1795469672846");
    assertThat(b.first()).isEqualTo(1795469671.8453);
    assertThat(b.last()).isEqualTo(1795469672.8461);
    b.clear();
    assertThat(b.isEmpty()).isTrue();
    assertThat(b.request().getTimeseriesCount()).isZero();
  }

  @Test
  void snappyBlocksRoundTrip() {
    Random rnd = new Random(42);
    byte[] noise = new byte[70_000];
    rnd.nextBytes(noise);
    byte[] text = "monitoring_cpu_usage_ratio ".repeat(3000).getBytes(StandardCharsets.UTF_8);
    for (byte[] raw : List.of(new byte[0], noise, text)) {
      assertThat(SnappyBlock.decompress(SnappyBlock.compress(raw))).isEqualTo(raw);
    }
    assertThat(SnappyBlock.compress(text).length).isLessThan(text.length / 10);
  }
}
