package infra.monitoring.collector.netlearn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import infra.monitoring.collector.CollectorSettings;
import infra.monitoring.collector.files.SafeFiles;
import infra.monitoring.collector.pipeline.Enricher;
import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.metric.NetworkMetric;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the host's daily network traffic: per local day, the bytes sent and received (increments
 * of the cumulative counters, resets handled by {@link CounterDeltas}) and how long the collector
 * watched. Sets {@code net_today_bytes} and {@code net_learned_limit_bytes} on every sample; the
 * threshold evaluation turns today &gt; limit into a WARNING.
 *
 * <p>Rule: a past day is <em>complete</em> when the collector watched at least {@value
 * #COMPLETE_DAY_FRACTION} of it; once {@value #MIN_COMPLETE_DAYS} complete days exist among the
 * last {@value #KEEP_DAYS}, the limit is {@value #LIMIT_FACTOR} × their mean daily total (rounded
 * down), otherwise null (no warning). The state lives in one file, {@code <state
 * dir>/network_usage.json}, rewritten atomically at most once a minute (this class is also the
 * maintenance task that saves it) and on {@link #close()}.
 */
public final class NetworkUsageLearner implements Enricher, MaintenanceTask, AutoCloseable {
  public static final String FILE_NAME = "network_usage.json";
  public static final int KEEP_DAYS = 28;

  /**
   * A state file is a few kB (28 days and one baseline per interface); a larger one is not read, as
   * its JSON tree could fill the heap.
   */
  static final int MAX_STATE_BYTES = 256 * 1024;

  public static final int MIN_COMPLETE_DAYS = 7;
  public static final double LIMIT_FACTOR = 1.2;
  public static final double COMPLETE_DAY_FRACTION = 0.75;

  /**
   * Longer gaps between samples (collector stopped, host asleep) are not counted: the traffic in
   * between is unknown, and attributing it all to the day the collector came back would inflate it.
   * With a sampling interval over 5 minutes the limit is 3 intervals instead.
   */
  public static final Duration MAX_GAP = Duration.ofMinutes(15);

  static final Duration SAVE_EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(NetworkUsageLearner.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One day's counted traffic and how many seconds of it were watched. */
  record Day(long sent, long recv, double coveredSeconds) {
    long total() {
      return sent + recv;
    }
  }

  private final Path file;
  private final Clock clock;
  private final ZoneId zone;
  private final boolean durable;
  private final Duration maxGap;
  private final Object lock = new Object();
  private final TreeMap<LocalDate, Day> days = new TreeMap<>();
  private final CounterDeltas deltas = new CounterDeltas();
  private Instant lastSample;
  private boolean dirty;
  private LocalDate limitDate;
  private Long limit;

  public NetworkUsageLearner(CollectorSettings settings, Clock clock) {
    this(
        settings.run().stateDir(),
        clock,
        settings.run().durableWrites(),
        Duration.ofMillis(Math.round(settings.run().intervalSec() * 3000)));
  }

  /** Loads the state file (a corrupt one is kept aside and the learning starts fresh). */
  public NetworkUsageLearner(Path stateDir, Clock clock, boolean durable) {
    this(stateDir, clock, durable, Duration.ZERO);
  }

  /**
   * @param minGapLimit the gap limit is the larger of this and {@link #MAX_GAP}
   */
  public NetworkUsageLearner(Path stateDir, Clock clock, boolean durable, Duration minGapLimit) {
    this.maxGap = minGapLimit.compareTo(MAX_GAP) > 0 ? minGapLimit : MAX_GAP;
    this.file = stateDir.resolve(FILE_NAME);
    this.clock = clock;
    this.zone = clock.getZone();
    this.durable = durable;
    load();
  }

  @Override
  public void enrich(Instant now, Metrics metrics) {
    synchronized (lock) {
      LocalDate today = LocalDate.ofInstant(now, zone);
      boolean hasCounters =
          metrics.integer(NetworkMetric.BYTES_SENT) != null
              && metrics.integer(NetworkMetric.BYTES_RECV) != null;
      if (hasCounters) {
        Duration gap = lastSample == null ? null : Duration.between(lastSample, now);
        if (gap == null || gap.isNegative() || gap.compareTo(maxGap) > 0) {
          deltas.reset();
          deltas.next(metrics);
          days.putIfAbsent(today, new Day(0, 0, 0));
        } else {
          CounterDeltas.Increment inc = deltas.next(metrics);
          Day d = days.getOrDefault(today, new Day(0, 0, 0));
          if (inc != null) {
            d =
                new Day(
                    d.sent() + inc.sent(),
                    d.recv() + inc.recv(),
                    d.coveredSeconds() + gap.toNanos() / 1e9);
            if (inc.resets() > 0) {
              LOG.info(
                  "network counter reset seen ({} counters); counting their new values",
                  inc.resets());
            }
          }
          days.put(today, d);
        }
        lastSample = now;
        dirty = true;
        prune(today);
      }
      Day d = days.get(today);
      metrics.put(NetworkMetric.NET_TODAY_BYTES, d == null ? null : d.total());
      metrics.put(NetworkMetric.NET_LEARNED_LIMIT_BYTES, limitFor(today));
    }
  }

  /** The learned limit for {@code today} from the complete days before it, or null. */
  Long limitFor(LocalDate today) {
    if (!today.equals(limitDate)) {
      limit = learnedLimit(days, today, zone);
      limitDate = today;
    }
    return limit;
  }

  /** The rule (see the class comment), on a copy of the per-day map. */
  static Long learnedLimit(Map<LocalDate, Day> days, LocalDate today, ZoneId zone) {
    long sum = 0;
    int n = 0;
    LocalDate oldest = today.minusDays(KEEP_DAYS);
    for (Map.Entry<LocalDate, Day> e : days.entrySet()) {
      LocalDate date = e.getKey();
      if (!date.isBefore(today) || date.isBefore(oldest)) {
        continue;
      }
      double length =
          Duration.between(date.atStartOfDay(zone), date.plusDays(1).atStartOfDay(zone))
              .toSeconds();
      if (e.getValue().coveredSeconds() >= COMPLETE_DAY_FRACTION * length) {
        sum += e.getValue().total();
        n++;
      }
    }
    return n >= MIN_COMPLETE_DAYS ? (long) Math.floor(LIMIT_FACTOR * sum / n) : null;
  }

  private void prune(LocalDate today) {
    LocalDate keepFrom = today.minusDays(KEEP_DAYS - 1);
    days.headMap(keepFrom).clear();
  }

  // --- persistence -----------------------------------------------------------------------------

  @Override
  public String name() {
    return "network-usage-save";
  }

  @Override
  public Duration interval() {
    return SAVE_EVERY;
  }

  /** Saves the state when it changed since the last save. */
  @Override
  public void run(Instant now) throws IOException {
    save();
  }

  @Override
  public void close() {
    try {
      save();
    } catch (IOException e) {
      LOG.warn("could not save {}: {}", file, e.toString());
    }
  }

  /**
   * Writes the file if anything changed. The JSON is built under the sampling lock and written
   * outside it (the sampling thread never waits for the disk); saves themselves are serialised.
   */
  public synchronized void save() throws IOException {
    byte[] data;
    synchronized (lock) {
      if (!dirty) {
        return;
      }
      data = JSON.writeValueAsBytes(toJson());
      dirty = false;
    }
    try {
      AtomicFiles.write(file, data, durable);
    } catch (IOException e) {
      synchronized (lock) {
        dirty = true;
      }
      throw e;
    }
  }

  private ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("updated", Timestamps.iso(clock.instant()));
    ObjectNode last = root.putObject("last");
    if (lastSample == null) {
      last.putNull("time");
    } else {
      last.put("time", Timestamps.epochSeconds(lastSample));
    }
    ObjectNode counters = last.putObject("counters");
    deltas
        .baseline()
        .forEach(
            (k, v) -> {
              ObjectNode c = counters.putObject(k);
              c.put("bytes_sent", v[0]);
              c.put("bytes_recv", v[1]);
            });
    ObjectNode out = root.putObject("days");
    days.forEach(
        (date, d) -> {
          ObjectNode o = out.putObject(date.toString());
          o.put("bytes_sent", d.sent());
          o.put("bytes_recv", d.recv());
          o.put("total", d.total());
          o.put("covered_seconds", Math.round(d.coveredSeconds() * 1000) / 1000.0);
        });
    return root;
  }

  private void load() {
    byte[] data;
    try {
      data = SafeFiles.readSmall(file, MAX_STATE_BYTES);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      LOG.warn("cannot read {} ({}); network learning starts fresh", file, e.toString());
      return;
    }
    try {
      parse(new String(data, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      days.clear();
      deltas.reset();
      lastSample = null;
      Path aside = AtomicFiles.keepAside(file, clock.instant().getEpochSecond());
      LOG.warn(
          "corrupt network usage file {} ({}); kept aside as {}; learning starts fresh",
          file,
          e.getMessage(),
          aside);
    }
  }

  private void parse(String text) throws IOException {
    JsonNode root = JSON.readTree(text);
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    JsonNode d = root.get("days");
    if (d == null || !d.isObject()) {
      throw new IOException("no \"days\" object");
    }
    for (Map.Entry<String, JsonNode> e : d.properties()) {
      LocalDate date;
      try {
        date = LocalDate.parse(e.getKey());
      } catch (DateTimeParseException x) {
        throw new IOException("bad date '" + e.getKey() + "'");
      }
      JsonNode v = e.getValue();
      long sent = nonNegativeLong(v, "bytes_sent");
      long recv = nonNegativeLong(v, "bytes_recv");
      JsonNode cov = v.get("covered_seconds");
      if (cov == null || !cov.isNumber() || cov.doubleValue() < 0) {
        throw new IOException(date + ": bad covered_seconds");
      }
      days.put(date, new Day(sent, recv, cov.doubleValue()));
    }
    JsonNode last = root.get("last");
    if (last != null && last.isObject()) {
      JsonNode t = last.get("time");
      JsonNode counters = last.get("counters");
      if (t != null && t.isNumber() && counters != null && counters.isObject()) {
        Map<String, long[]> baseline = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : counters.properties()) {
          baseline.put(
              e.getKey(),
              new long[] {
                nonNegativeLong(e.getValue(), "bytes_sent"),
                nonNegativeLong(e.getValue(), "bytes_recv")
              });
        }
        deltas.restore(baseline);
        double secs = t.doubleValue();
        lastSample = Instant.ofEpochSecond((long) Math.floor(secs), (long) ((secs % 1) * 1e9));
      }
    }
  }

  private static long nonNegativeLong(JsonNode v, String key) throws IOException {
    JsonNode n = v == null ? null : v.get(key);
    if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.longValue() < 0) {
      throw new IOException("bad " + key);
    }
    return n.longValue();
  }

  /** Per-day totals, oldest first (for tests and diagnostics). */
  Map<LocalDate, Day> days() {
    synchronized (lock) {
      return new TreeMap<>(days);
    }
  }
}
