package infra.monitoring.exporter.gapfill;

import infra.monitoring.common.FeedRecord;
import infra.monitoring.common.Timestamps;
import infra.monitoring.common.feed.FeedStore;
import infra.monitoring.common.feed.FeedWindow;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills gaps one at a time on its own thread: streams the gap's records from the feed (never the
 * whole gap in memory), turns them into batches of about {@code batchSamples} samples, paces them
 * to {@code maxSamplesPerSecond}, and sends each until the receiver confirms or refuses it for
 * good, retrying with exponential backoff between the two bounds. What was confirmed is remembered
 * as the sample time pushed through: a retry resends only the batch that was not confirmed, and a
 * later gap never reaches back before it, so no record is pushed twice. Gaps waiting their turn are
 * queued (a few dozen; beyond that the newest two are merged, which pushes some records a scrape
 * also saw, at their own timestamps, rather than drop any). One log line per gap.
 */
final class GapFiller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GapFiller.class);
  static final int MAX_PENDING = 32;

  /** Sends one request body. */
  interface Sender {
    RemoteWriteClient.Outcome send(byte[] body);
  }

  /** Waits (the backoff, the pacing); tests pass one that only advances a fake clock. */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  /** What one gap's fill did. */
  record Report(
      Gap gap,
      long records,
      long sent,
      long rejected,
      long tooOld,
      int requests,
      int retries,
      double tooOldFirst,
      double tooOldLast,
      String rejection,
      boolean stopped) {}

  private final FeedStore store;
  private final ZoneId zone;
  private final SeriesSource series;
  private final GapFillSettings settings;
  private final Sender sender;
  private final GapFillMetrics metrics;
  private final DoubleSupplier epochNow;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final LinkedBlockingDeque<Gap> pending = new LinkedBlockingDeque<>(MAX_PENDING);
  private volatile boolean closed;
  private Thread worker;
  private long paceNext = Long.MIN_VALUE;

  /** Sample time through which every record was pushed or refused for good; only the worker. */
  private double pushedThrough = Double.NEGATIVE_INFINITY;

  GapFiller(
      FeedStore store,
      ZoneId zone,
      SeriesSource series,
      GapFillSettings settings,
      Sender sender,
      GapFillMetrics metrics,
      DoubleSupplier epochNow,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    this.store = store;
    this.zone = zone;
    this.series = series;
    this.settings = settings;
    this.sender = sender;
    this.metrics = metrics;
    this.epochNow = epochNow;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Starts the worker thread (a daemon: it never holds up the exit). */
  synchronized void start() {
    worker = new Thread(this::loop, "gapfill");
    worker.setDaemon(true);
    worker.start();
  }

  /** Queues a gap; never blocks (the caller is a scrape). */
  synchronized void submit(Gap g) {
    metrics.detected();
    if (pending.offerLast(g)) {
      return;
    }
    Gap last = pending.pollLast();
    Gap merged = last == null ? g : new Gap(last.start(), g.end());
    if (!pending.offerLast(merged)) {
      LOG.warn("gap fill: queue full, gap {} dropped", describe(g));
    }
  }

  private void loop() {
    while (!closed) {
      Gap g;
      try {
        g = pending.pollFirst(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (g != null) {
        try {
          log(fill(g));
        } catch (RuntimeException e) {
          LOG.error("gap fill: gap {} failed", describe(g), e);
          metrics.finished();
        }
      }
    }
  }

  /** Fills one gap to the end (or until closed); the caller is the worker, or a test. */
  Report fill(Gap gap) {
    metrics.started(gap);
    Fill f = new Fill(gap, new WriteBatch(series, settings.job(), settings.instance()));
    double from = Math.max(gap.start(), pushedThrough);
    double oldest =
        settings.maxAge() == null
            ? Double.NEGATIVE_INFINITY
            : epochNow.getAsDouble() - settings.maxAge().toNanos() / 1e9;
    String ioError = null;
    try {
      if (from < gap.end()) {
        FeedWindow.scan(
            store,
            zone,
            true,
            instant(from),
            instant(gap.end()),
            (r, t, file, line) -> take(f, r, t, from, oldest));
        flush(f);
      }
    } catch (Stopped e) {
      f.stopped = true;
    } catch (IOException e) {
      ioError = e.toString();
    } finally {
      metrics.finished();
    }
    if (ioError != null) {
      LOG.error("gap fill: reading the feed for gap {} failed: {}", describe(gap), ioError);
    }
    return f.report();
  }

  private void take(Fill f, FeedRecord r, double t, double from, double oldest) {
    if (closed) {
      throw new Stopped();
    }
    // Strictly inside the gap and after everything taken before: the same record from json/ and
    // an archive, or a clock step back, never goes twice.
    if (!(t > from && t < f.gap.end() && t > f.lastTaken)) {
      return;
    }
    f.lastTaken = t;
    f.records++;
    if (t < oldest) {
      flush(f);
      int[] n = new int[1];
      series.samples(r, (name, ln, lv, v) -> n[0]++);
      f.tooOld(t, t, n[0]);
      metrics.samples(GapFillMetrics.TOO_OLD, n[0]);
      pushedThrough = t;
      return;
    }
    f.batch.add(r, t);
    if (f.batch.samples() >= settings.batchSamples()) {
      flush(f);
    }
  }

  /** Sends the batch until confirmed or refused for good; then it counts as pushed through. */
  private void flush(Fill f) {
    WriteBatch b = f.batch;
    if (b.isEmpty()) {
      return;
    }
    byte[] body = b.body();
    int n = b.samples();
    pace(n);
    long backoff = settings.minBackoff().toNanos();
    long maxBackoff = settings.maxBackoff().toNanos();
    while (true) {
      RemoteWriteClient.Outcome o = sender.send(body);
      f.requests++;
      switch (o.kind()) {
        case SENT -> {
          f.sent += n;
          metrics.samples(GapFillMetrics.SENT, n);
        }
        case REJECTED -> {
          f.rejected += n;
          metrics.samples(GapFillMetrics.REJECTED, n);
          if (f.rejection == null) {
            f.rejection = o.status() + " " + o.message();
          }
        }
        case TOO_OLD -> {
          f.tooOld(b.first(), b.last(), n);
          metrics.samples(GapFillMetrics.TOO_OLD, n);
        }
        case RETRY -> {
          f.retries++;
          metrics.retried();
          if (f.retries == 1 || f.retries % 100 == 0) {
            LOG.warn(
                "gap fill: receiver did not take a batch ({}), retrying (retry {})",
                o.status() == 0 ? o.message() : o.status() + " " + o.message(),
                f.retries);
          }
          sleep(backoff);
          backoff = Math.min(backoff * 2, maxBackoff);
          continue;
        }
      }
      break;
    }
    pushedThrough = b.last();
    b.clear();
  }

  /** Waits so that the samples sent stay within the rate; the first batch goes at once. */
  private void pace(int samples) {
    long now = nanoTime.getAsLong();
    if (paceNext == Long.MIN_VALUE || paceNext < now) {
      paceNext = now;
    }
    long wait = paceNext - now;
    paceNext += (long) (samples * 1e9 / settings.maxSamplesPerSecond());
    if (wait > 0) {
      sleep(wait);
    }
  }

  private void sleep(long nanos) {
    if (closed) {
      throw new Stopped();
    }
    try {
      sleeper.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  private void log(Report r) {
    String what =
        String.format(
            java.util.Locale.ROOT,
            "gap fill: gap %s: %d records, %d samples sent in %d requests, %d rejected, %d too"
                + " old, %d retries%s",
            describe(r.gap()),
            r.records(),
            r.sent(),
            r.requests(),
            r.rejected(),
            r.tooOld(),
            r.retries(),
            r.stopped() ? "; stopped (shutdown) before the end" : "");
    if (r.rejection() != null) {
      what += "; the receiver refused a batch: " + r.rejection();
    }
    if (r.tooOld() > 0) {
      what +=
          String.format(
              java.util.Locale.ROOT,
              "; the records sampled %s to %s are older than the receiver accepts (Prometheus:"
                  + " storage.tsdb.out_of_order_time_window; MONITORING_GAPFILL_MAX_AGE): load"
                  + " them with: exporter.jar backfill --from LOG_ROOT --start %s --end %s --out"
                  + " FILE, then promtool tsdb create-blocks-from openmetrics (docs/gapfill.md)",
              iso(r.tooOldFirst()),
              iso(r.tooOldLast()),
              iso(r.tooOldFirst()),
              iso(r.tooOldLast()));
    }
    if (r.rejected() > 0 || r.tooOld() > 0 || r.stopped()) {
      LOG.warn(what);
    } else {
      LOG.info(what);
    }
  }

  static String describe(Gap g) {
    return String.format(
        java.util.Locale.ROOT, "%s to %s (%.0f s)", iso(g.start()), iso(g.end()), g.seconds());
  }

  private static String iso(double epoch) {
    return Timestamps.iso(instant(epoch));
  }

  private static Instant instant(double epoch) {
    long micros = Math.round(epoch * 1e6);
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  @Override
  public void close() {
    closed = true;
    Thread w;
    synchronized (this) {
      w = worker;
    }
    if (w != null) {
      w.interrupt();
      try {
        w.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The state of one gap's fill. */
  private static final class Fill {
    final Gap gap;
    final WriteBatch batch;
    double lastTaken = Double.NEGATIVE_INFINITY;
    long records;
    long sent;
    long rejected;
    long tooOld;
    int requests;
    int retries;
    double tooOldFirst = Double.NaN;
    double tooOldLast = Double.NaN;
    String rejection;
    boolean stopped;

    Fill(Gap gap, WriteBatch batch) {
      this.gap = gap;
      this.batch = batch;
    }

    void tooOld(double first, double last, long n) {
      tooOld += n;
      if (Double.isNaN(tooOldFirst)) {
        tooOldFirst = first;
      }
      tooOldLast = last;
    }

    Report report() {
      return new Report(
          gap,
          records,
          sent,
          rejected,
          tooOld,
          requests,
          retries,
          tooOldFirst,
          tooOldLast,
          rejection,
          stopped);
    }
  }

  /** Ends a fill when the exporter stops. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }
}
