package infra.monitoring.collector.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.collector.netlearn.FakeClock;
import infra.monitoring.common.FeedCodec;
import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.CpuMetric;
import infra.monitoring.common.metric.NetworkMetric;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourlySummaryTest {
  // UTC-3: local dates differ from UTC dates for three hours a day.
  static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
  static final LocalDate YESTERDAY = LocalDate.of(2026, 11, 23);
  static final LocalDate TODAY = YESTERDAY.plusDays(1);
  static final long MIB = 1024 * 1024;

  @TempDir Path root;
  CollectorSettings settings;
  FakeClock clock;

  @BeforeEach
  void setUp() {
    settings =
        CollectorSettings.load(
            new String[0],
            Map.of(
                "MONITORING_LOG_ROOT", root.resolve("logs").toString(),
                "MONITORING_STATE_DIR", root.resolve("state").toString(),
                "MONITORING_HOURLY_INTERVAL_SEC", "3600",
                "MONITORING_INTERVAL_SEC", "60",
                "LOGS_DURABLE_WRITES", "0"),
            root);
    clock = new FakeClock(at(TODAY, 0, 30, 0), ZONE);
  }

  static Instant at(LocalDate d, int h, int m, int s) {
    return d.atTime(h, m, s).atZone(ZONE).toInstant();
  }

  static String line(Instant t, String state, double cpu, long sentMib, long recvMib) {
    Metrics m =
        new Metrics()
            .put(CollectorMetric.TIMESTAMP, Timestamps.epochSeconds(t))
            .put(CpuMetric.CPU_PERCENT, cpu)
            .put(NetworkMetric.BYTES_SENT, sentMib * MIB)
            .put(NetworkMetric.BYTES_RECV, recvMib * MIB);
    return FeedCodec.encode(
        new FeedRecord(
            Timestamps.iso(t), "INFO", "x", state, Timestamps.iso(t), m, "h", List.of(), Map.of()));
  }

  List<String> yesterdayLines() {
    List<String> l = new ArrayList<>();
    l.add(line(at(YESTERDAY, 22, 0, 0), "STABLE", 99, 1, 1)); // before the window
    l.add("{not json");
    l.add(line(at(YESTERDAY, 23, 58, 0), "STABLE", 10, 1000, 1000));
    l.add(line(at(YESTERDAY, 23, 59, 0), "STABLE", 20, 3000, 1500));
    return l;
  }

  List<String> todayLines() {
    List<String> l = new ArrayList<>();
    l.add(line(at(TODAY, 0, 0, 0), "WARNING", 80, 100, 2000)); // sent counter reset
    l.add(line(at(TODAY, 0, 1, 0), "CRITICAL", 95, 600, 2600));
    l.add(line(at(TODAY, 0, 10, 0), "STABLE", 15, 700, 2700));
    return l;
  }

  void writeFeed(LocalDate d, List<String> lines) throws Exception {
    Path f = settings.layout().feedFile(d);
    Files.createDirectories(f.getParent());
    Files.write(f, lines, StandardCharsets.UTF_8);
  }

  void writeArchived(LocalDate d, List<String> lines) throws Exception {
    Path dir = settings.layout().archiveDir();
    Files.createDirectories(dir);
    Path gz = dir.resolve(settings.layout().feedFile(d).getFileName() + ".gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  Path humanFile() {
    return settings.layout().logDir().resolve("average_metric_safe-" + TODAY + ".log");
  }

  Path jsonFile() {
    return settings.layout().jsonDir().resolve("average_metric-" + TODAY + ".jsonl");
  }

  static final String EXPECTED_BLOCK =
      String.join(
          "\n",
          "2026-11-24 00:30:00 [INFO]",
          "CPU: 44%",
          "RAM: unavailable",
          "Disk: unavailable",
          "Ping: unavailable",
          "Latency: unavailable",
          "Temperature: unavailable",
          "Bytes sent: 2.64 GiB",
          "Bytes received: 1.66 GiB",
          "Date/time: 2026-11-24 03:30:00 UTC",
          "",
          "Lines used:",
          "monitoring-2026-11-23.jsonl lines 3 to 4",
          "monitoring-2026-11-24.jsonl lines 1 to 3",
          "",
          "States:",
          "STABLE: 3 records, 0:05:00",
          "WARNING: 1 record, 0:01:00",
          "CRITICAL: 1 record, 0:03:00",
          "",
          "");

  @Test
  void aWindowAcrossMidnightReadsYesterdaysAndTodaysFiles() throws Exception {
    writeFeed(YESTERDAY, yesterdayLines());
    writeFeed(TODAY, todayLines());
    HourlySummary.Outcome o = new HourlySummary(settings, clock).summarize(clock.instant());

    assertThat(o.records()).isEqualTo(5);
    assertThat(o.badLines()).isEqualTo(1);
    assertThat(o.from()).isEqualTo(at(YESTERDAY, 23, 30, 0));
    assertThat(Files.readString(humanFile())).isEqualTo(EXPECTED_BLOCK);

    List<String> json = Files.readAllLines(jsonFile());
    assertThat(json).hasSize(1);
    JsonNode n = new ObjectMapper().readTree(json.get(0));
    assertThat(n.get("window_seconds").asDouble()).isEqualTo(3600.0);
    assertThat(n.get("window_end").asText()).isEqualTo("2026-11-24T03:30:00.000000+00:00");
    assertThat(n.get("n_lines").asInt()).isEqualTo(5);
    assertThat(n.get("time_from").asText()).isEqualTo("2026-11-24T02:58:00.000000+00:00");
    assertThat(n.get("time_to").asText()).isEqualTo("2026-11-24T03:10:00.000000+00:00");
    assertThat(n.at("/averages/cpu_percent").asDouble()).isEqualTo(44.0);
    assertThat(n.at("/averages/memory_percent").isNull()).isTrue();
    // Sent: +2000, reset to 100 (counts 100), +500, +100. Received: +500 +500 +600 +100.
    assertThat(n.at("/deltas/bytes_sent").asLong()).isEqualTo(2700 * MIB);
    assertThat(n.at("/deltas/bytes_recv").asLong()).isEqualTo(1700 * MIB);
    assertThat(n.at("/deltas/counter_resets").asInt()).isEqualTo(1);
    assertThat(n.at("/state_counts/STABLE").asInt()).isEqualTo(3);
    assertThat(n.at("/state_counts/WARNING").asInt()).isEqualTo(1);
    assertThat(n.at("/state_counts/CRITICAL").asInt()).isEqualTo(1);
    // The CRITICAL record was followed by a 9-minute gap: capped at 3 intervals.
    assertThat(n.at("/state_durations/CRITICAL").asDouble()).isEqualTo(180.0);
    assertThat(n.at("/state_durations/STABLE").asDouble()).isEqualTo(300.0);
    assertThat(n.at("/state_durations_human/STABLE").asText()).isEqualTo("0:05:00");
    assertThat(n.at("/used_files_lines/monitoring-2026-11-23.jsonl").toString()).isEqualTo("[3,4]");
    assertThat(n.get("bad_lines").asInt()).isEqualTo(1);
  }

  @Test
  void anArchivedDayIsReadFromItsGzip() throws Exception {
    writeArchived(YESTERDAY, yesterdayLines());
    writeFeed(TODAY, todayLines());
    new HourlySummary(settings, clock).summarize(clock.instant());
    assertThat(Files.readString(humanFile()))
        .isEqualTo(
            EXPECTED_BLOCK.replace(
                "monitoring-2026-11-23.jsonl lines", "monitoring-2026-11-23.jsonl.gz lines"));
  }

  @Test
  void aTruncatedArchiveGivesWhatItHeld() throws Exception {
    writeArchived(YESTERDAY, yesterdayLines());
    Path gz = settings.layout().archiveDir().resolve("monitoring-" + YESTERDAY + ".jsonl.gz");
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(all, all.length - 8)); // no gzip trailer
    writeFeed(TODAY, todayLines());
    HourlySummary.Outcome o = new HourlySummary(settings, clock).summarize(clock.instant());
    assertThat(o.records()).isEqualTo(5);
    assertThat(o.badLines()).isEqualTo(2);
  }

  @Test
  void anEmptyWindowWritesNothing() throws Exception {
    writeFeed(YESTERDAY, List.of(line(at(YESTERDAY, 12, 0, 0), "STABLE", 1, 1, 1)));
    HourlySummary.Outcome o = new HourlySummary(settings, clock).summarize(clock.instant());
    assertThat(o.records()).isZero();
    assertThat(o.written()).isFalse();
    assertThat(humanFile()).doesNotExist();
    assertThat(jsonFile()).doesNotExist();
  }

  @Test
  void theNextWindowStartsWhereThePreviousEndedAcrossARestart() throws Exception {
    writeFeed(YESTERDAY, yesterdayLines());
    writeFeed(TODAY, todayLines());
    new HourlySummary(settings, clock).summarize(clock.instant());
    // Restarted 20 minutes later: the new window covers only those 20 minutes.
    clock.advance(Duration.ofMinutes(20));
    HourlySummary again = new HourlySummary(settings, clock);
    HourlySummary.Outcome o = again.summarize(clock.instant());
    assertThat(o.from()).isEqualTo(at(TODAY, 0, 30, 0));
    assertThat(o.records()).isZero();
    // An hour later than that, a full interval again.
    clock.advance(Duration.ofHours(2));
    assertThat(again.summarize(clock.instant()).from())
        .isEqualTo(clock.instant().minus(Duration.ofHours(1)));
    assertThat(again.interval()).isEqualTo(Duration.ofHours(1));
  }

  /** {@code line} grown to ~250 KiB by a key holding {@code [{},{},...]}. */
  static String hostile(String line, String key) {
    int n = (250 * 1024 - line.length() - key.length() - 10) / 3;
    String pad = ", \"" + key + "\": [" + String.join(",", java.util.Collections.nCopies(n, "{}"));
    return line.substring(0, line.length() - 1) + pad + "]}";
  }

  @Test
  void aWindowOfQuarterMegabyteLinesWithHostileKeysIsSummarisedRecordByRecord() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Instant t = at(TODAY, 0, i, 0);
      String key = i % 4 == 3 ? "treatments" : "x"; // the project's own key: over its bound
      lines.add(hostile(line(t, i % 2 == 0 ? "STABLE" : "WARNING", 10 * i, i, i), key));
    }
    writeFeed(TODAY, lines);
    assertThat(Files.size(settings.layout().feedFile(TODAY))).isGreaterThan(12 * 250_000L);
    HourlySummary.Outcome o = new HourlySummary(settings, clock).summarize(clock.instant());
    assertThat(o.records()).isEqualTo(9);
    assertThat(o.badLines()).isEqualTo(3);
    JsonNode n = new ObjectMapper().readTree(Files.readAllLines(jsonFile()).get(0));
    // Records 0,1,2,4,5,6,8,9,10: cpu 0..100 by 10, without 30, 70 and 110.
    assertThat(n.at("/averages/cpu_percent").asDouble()).isEqualTo(50.0);
    assertThat(n.at("/state_counts/STABLE").asInt()).isEqualTo(6);
    assertThat(n.at("/state_counts/WARNING").asInt()).isEqualTo(3);
    assertThat(n.at("/used_files_lines/monitoring-2026-11-24.jsonl").toString())
        .isEqualTo("[1,11]");
  }

  @Test
  void statesLastUntilTheNextRecordInTheOrderTheyWereWritten() throws Exception {
    // The clock stepped back two minutes after 00:05: the file order is the true order.
    writeFeed(
        TODAY,
        List.of(
            line(at(TODAY, 0, 4, 0), "WARNING", 1, 1, 1),
            line(at(TODAY, 0, 5, 0), "CRITICAL", 1, 1, 1),
            line(at(TODAY, 0, 3, 0), "STABLE", 1, 1, 1),
            line(at(TODAY, 0, 4, 0), "STABLE", 1, 1, 1)));
    new HourlySummary(settings, clock).summarize(clock.instant());
    JsonNode n = new ObjectMapper().readTree(Files.readAllLines(jsonFile()).get(0));
    assertThat(n.at("/state_durations/WARNING").asDouble()).isEqualTo(60.0);
    assertThat(n.at("/state_durations/CRITICAL").asDouble()).isEqualTo(0.0);
    // 00:03 to 00:04, then 00:04 to the window end 00:30 capped at three intervals.
    assertThat(n.at("/state_durations/STABLE").asDouble()).isEqualTo(240.0);
    assertThat(n.get("time_from").asText()).isEqualTo("2026-11-24T03:03:00.000000+00:00");
    assertThat(n.get("time_to").asText()).isEqualTo("2026-11-24T03:05:00.000000+00:00");
  }

  @Test
  void durationsFormatLikePythonTimedelta() {
    assertThat(WindowStats.hms(0)).isEqualTo("0:00:00");
    assertThat(WindowStats.hms(3599.6)).isEqualTo("1:00:00");
    assertThat(WindowStats.hms(90061)).isEqualTo("25:01:01");
  }
}
