package infra.monitoring.collector.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.collector.netlearn.AtomicFiles;
import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Severity;
import infra.monitoring.common.Summaries;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.NetworkMetric;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly summary: every {@code MONITORING_HOURLY_INTERVAL_SEC}, aggregates the feed records of
 * the window ending now (reading every daily file the window touches, so midnight is no edge) and
 * appends one JSON line to {@code json/average_metric-DATE.jsonl} and the human block to {@code
 * log/average_metric_safe-DATE.log} (DATE = local date of the window end). A window starts where
 * the previous one ended (kept in {@code <state dir>/hourly_summary.json}) when that is less than
 * an interval ago, so restarts neither repeat nor skip a stretch. An empty window writes nothing.
 * The window's records are aggregated as they are read ({@link WindowStats}), never held, so a
 * window of long lines cannot fill the heap.
 */
public final class HourlySummary implements MaintenanceTask {
  public static final String JSON_STREAM = "average_metric";
  public static final String HUMAN_STREAM = "average_metric_safe";
  static final String STATE_FILE = "hourly_summary.json";

  /** The state file holds one time; a larger one is not read. */
  static final int MAX_STATE_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HourlySummary.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter HEADER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final LogLayout layout;
  private final Path stateFile;
  private final Duration interval;
  private final Duration maxGap;
  private final boolean durable;
  private final Clock clock;
  private final ZoneId zone;

  public HourlySummary(CollectorSettings settings, Clock clock) {
    this.layout = settings.layout();
    this.stateFile = settings.run().stateDir().resolve(STATE_FILE);
    this.interval = Duration.ofSeconds(settings.summary().hourlyIntervalSec());
    // A state lasts until the next record, but no longer than a few sample intervals: a longer
    // gap means the collector was down and that time is in no state.
    this.maxGap =
        Duration.ofMillis(Math.max(10_000L, Math.round(settings.run().intervalSec() * 3 * 1000)));
    this.durable = settings.run().durableWrites();
    this.clock = clock;
    this.zone = clock.getZone();
  }

  @Override
  public String name() {
    return "hourly-summary";
  }

  @Override
  public Duration interval() {
    return interval;
  }

  /** What one run did, for tests and the log. */
  record Outcome(Instant from, Instant to, int records, long badLines, boolean written) {}

  @Override
  public void run(Instant now) throws IOException {
    summarize(now);
  }

  Outcome summarize(Instant now) throws IOException {
    Instant from = now.minus(interval);
    Instant lastEnd = readLastEnd();
    if (lastEnd != null && lastEnd.isAfter(from) && lastEnd.isBefore(now)) {
      from = lastEnd;
    }
    WindowStats stats = new WindowStats(maxGap);
    WindowReader.Result read = WindowReader.read(layout, zone, from, now, stats::add);
    stats.finish(Timestamps.epochSeconds(now));
    boolean written = false;
    if (stats.records == 0) {
      LOG.info(
          "hourly summary: no records from {} to {} (files read: {}); nothing written",
          Timestamps.iso(from),
          Timestamps.iso(now),
          read.files());
    } else {
      LocalDate date = LocalDate.ofInstant(now, zone);
      String json = JSON.writeValueAsString(toJson(from, now, stats, read));
      append(layout.jsonDir().resolve(LogLayout.fileName(JSON_STREAM, date, "jsonl")), json + "\n");
      append(
          layout.logDir().resolve(LogLayout.fileName(HUMAN_STREAM, date, "log")),
          humanBlock(now, stats));
      written = true;
      LOG.info(
          "hourly summary written: {} records from {} to {}, {} bad lines",
          stats.records,
          Timestamps.iso(from),
          Timestamps.iso(now),
          read.badLines());
    }
    writeLastEnd(now);
    return new Outcome(from, now, stats.records, read.badLines(), written);
  }

  Map<String, Object> toJson(Instant from, Instant to, WindowStats s, WindowReader.Result read) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("ts", Timestamps.iso(clock.instant()));
    o.put("level", "INFO");
    o.put("msg", "hourly summary");
    o.put("window_seconds", round(Duration.between(from, to).toNanos() / 1e9, 3));
    o.put("window_start", Timestamps.iso(from));
    o.put("window_end", Timestamps.iso(to));
    o.put("n_lines", s.records);
    o.put("time_from", s.firstEpoch == null ? null : iso(s.firstEpoch));
    o.put("time_to", s.lastEpoch == null ? null : iso(s.lastEpoch));
    Map<String, Object> avg = new LinkedHashMap<>();
    s.averages.forEach((k, v) -> avg.put(k.key(), v == null ? null : round(v, 6)));
    o.put("averages", avg);
    Map<String, Object> deltas = new LinkedHashMap<>();
    deltas.put(NetworkMetric.BYTES_SENT.key(), s.bytesSent);
    deltas.put(NetworkMetric.BYTES_RECV.key(), s.bytesRecv);
    deltas.put("counter_resets", s.counterResets);
    o.put("deltas", deltas);
    Map<String, Object> counts = new LinkedHashMap<>();
    Map<String, Object> secs = new LinkedHashMap<>();
    Map<String, Object> human = new LinkedHashMap<>();
    for (Severity sev : Severity.values()) {
      counts.put(sev.name(), s.stateCounts.get(sev));
      secs.put(sev.name(), round(s.stateSeconds.get(sev), 3));
      human.put(sev.name(), WindowStats.hms(s.stateSeconds.get(sev)));
    }
    o.put("state_counts", counts);
    o.put("state_durations", secs);
    o.put("state_durations_human", human);
    Map<String, Object> used = new LinkedHashMap<>();
    s.linesUsed.forEach((f, l) -> used.put(f, List.of(l[0], l[1])));
    o.put("used_files_lines", used);
    o.put("bad_lines", read.badLines());
    return o;
  }

  /** The original's block, in English, with the time in the header. */
  String humanBlock(Instant now, WindowStats s) {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER.format(now.atZone(zone)) + " [INFO]");
    lines.addAll(Summaries.longLines(s.asMetrics(Timestamps.epochSeconds(now))));
    lines.add("");
    lines.add("Lines used:");
    s.linesUsed.forEach(
        (f, l) ->
            lines.add(l[0] == l[1] ? f + " line " + l[0] : f + " lines " + l[0] + " to " + l[1]));
    lines.add("");
    lines.add("States:");
    for (Severity sev : Severity.values()) {
      int n = s.stateCounts.get(sev);
      lines.add(
          sev.name()
              + ": "
              + n
              + (n == 1 ? " record, " : " records, ")
              + WindowStats.hms(s.stateSeconds.get(sev)));
    }
    return String.join("\n", lines) + "\n\n";
  }

  private void append(Path file, String text) throws IOException {
    try (FileChannel ch = SafeFiles.openAppend(file)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (durable) {
        ch.force(false);
      }
    }
  }

  private Instant readLastEnd() {
    try {
      JsonNode n = JSON.readTree(SafeFiles.readSmall(stateFile, MAX_STATE_BYTES));
      JsonNode t = n == null ? null : n.get("last_window_end");
      if (t != null && t.isNumber()) {
        double secs = t.doubleValue();
        return Instant.ofEpochSecond((long) Math.floor(secs), Math.round((secs % 1) * 1e6) * 1000);
      }
      LOG.warn("ignoring {}: no last_window_end", stateFile);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring unreadable {}: {}", stateFile, e.toString());
    }
    return null;
  }

  private void writeLastEnd(Instant end) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("last_window_end", Timestamps.epochSeconds(end));
    o.put("last_window_end_iso", Timestamps.iso(end));
    try {
      AtomicFiles.write(stateFile, JSON.writeValueAsBytes(o), durable);
    } catch (IOException e) {
      LOG.warn("could not write {}: {}", stateFile, e.toString());
    }
  }

  private static String iso(double epoch) {
    long secs = (long) Math.floor(epoch);
    long micros = Math.round((epoch - secs) * 1e6);
    return Timestamps.iso(Instant.ofEpochSecond(secs, micros * 1000));
  }

  private static double round(double v, int places) {
    return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_EVEN).doubleValue();
  }
}
