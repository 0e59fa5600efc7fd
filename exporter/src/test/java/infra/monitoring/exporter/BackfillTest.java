package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.LogLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillTest {
  static final LocalDate DAY1 = LocalDate.of(2026, 11, 21);
  static final double START = 1795305600.0; // 2026-11-21T00:00:00Z
  static final int STEP = 300;
  static final int PER_DAY = 86400 / STEP;

  @TempDir Path root;
  @TempDir Path work;

  /**
   * Three days: day 1 only archived (gz), day 2 archived and still in json/ (the same records:
   * duplicates), day 3 in json/ with a corrupt line and an unfinished last line.
   */
  static int writeHistory(Path root) throws IOException {
    LogLayout l = new LogLayout(root);
    Files.createDirectories(l.archiveDir());
    Files.createDirectories(l.jsonDir());
    for (int d = 0; d < 3; d++) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < PER_DAY; i++) {
        double t = START + d * 86400.0 + i * STEP + 0.25;
        b.append(TestRecords.line(TestRecords.full(t, (i % 100) + 0.5)));
        if (d == 2 && i == 10) {
          b.append("{not json\n");
        }
      }
      String day = b.toString();
      String name = LogLayout.fileName("monitoring", DAY1.plusDays(d), "jsonl");
      if (d < 2) {
        try (OutputStream o =
            new GZIPOutputStream(Files.newOutputStream(l.archiveDir().resolve(name + ".gz")))) {
          o.write(day.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (d >= 1) {
        Files.writeString(l.jsonDir().resolve(name), d == 2 ? day + "{\"ts\": \"2026" : day);
      }
    }
    return 3 * PER_DAY;
  }

  @Test
  void writesEachFamilyAndSeriesTogetherInTimeOrder() throws IOException {
    int records = writeHistory(root);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Backfill.Summary s =
        Backfill.run(root, out, new PrintStream(err, true, StandardCharsets.UTF_8), work);
    assertThat(s.files()).isEqualTo(4);
    assertThat(s.records()).isEqualTo(records);
    assertThat(s.skippedDuplicates()).isEqualTo(PER_DAY);
    assertThat(s.badLines()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("[1/4] archive/monitoring-2026-11-21.jsonl.gz: " + PER_DAY + " records")
        .contains("[3/4] json/monitoring-2026-11-22.jsonl: 0 records");
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n# EOF\n").startsWith("# TYPE ");

    List<String> lines = List.of(text.split("\n"));
    Set<String> familiesDone = new HashSet<>();
    Set<String> seriesDone = new HashSet<>();
    Map<String, Double> lastTs = new HashMap<>();
    String family = null;
    String series = null;
    List<Double> cpu = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("# TYPE ")) {
        family = line.split(" ")[2];
        assertThat(familiesDone.add(family)).as("family %s twice", family).isTrue();
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      String key = parts[0];
      assertThat(key).startsWith(family);
      if (!key.equals(series)) {
        assertThat(seriesDone.add(key)).as("series %s split", key).isTrue();
        series = key;
      }
      double ts = Double.parseDouble(parts[2]);
      assertThat(ts).isGreaterThan(lastTs.getOrDefault(key, 0.0));
      lastTs.put(key, ts);
      if (key.equals("monitoring_cpu_percent")) {
        cpu.add(Double.parseDouble(parts[1]));
      }
    }
    assertThat(cpu).hasSize(records);
    assertThat(cpu.get(3)).isEqualTo(3.5);
    assertThat(text)
        .contains("\nmonitoring_last_sample_timestamp_seconds 1795305600.25 1795305600.25\n")
        .contains(
            "\nmonitoring_network_receive_bytes_total{interface=\"eth0\"} 181063060"
                + " 1795305600.25\n")
        .contains("\nmonitoring_state{monitoring_state=\"CRITICAL\"} 1 1795305600.25\n")
        .contains("# TYPE monitoring_state stateset\n");
    try (var files = Files.list(work)) {
      assertThat(files).as("temporary files removed").isEmpty();
    }
  }

  @Test
  void commandLineErrorsAreClear() {
    assertThat(Backfill.main(new String[] {"--from"})).isEqualTo(2);
    assertThat(Backfill.main(new String[] {"--out", "x"})).isEqualTo(2);
    assertThat(Backfill.main(new String[] {"--bogus"})).isEqualTo(2);
    assertThat(
            Backfill.main(
                new String[] {"--from", root.resolve("missing").toString(), "--out", "x"}))
        .isEqualTo(2);
  }

  @Test
  void aStartAndEndKeepOnlyTheRecordsSampledBetweenThem() throws IOException {
    writeHistory(root);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Day 2 from 01:00 to 02:00 (both included): records at 01:00:00.25 .. 01:55:00.25.
    double from = Backfill.time("2026-11-22T01:00:00Z");
    double to = Backfill.time("2026-11-22T02:00:00+00:00");
    Backfill.Summary s =
        Backfill.run(root, out, new PrintStream(err, true, StandardCharsets.UTF_8), work, from, to);
    assertThat(s.records()).isEqualTo(12);
    String om = out.toString(StandardCharsets.UTF_8);
    assertThat(om)
        .contains("monitoring_cpu_percent 12.5 1795309200.25\n")
        .doesNotContain(" 1795308900.25\n")
        .doesNotContain(" 1795312800.25\n");
    assertThat(Backfill.time("1795309200")).isEqualTo(1795309200.0);
    assertThat(Backfill.time("yesterday")).isNull();
    assertThat(
            Backfill.main(new String[] {"--from", root.toString(), "--out", "-", "--start", "x"}))
        .isEqualTo(2);
  }
}
