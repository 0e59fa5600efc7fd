package infra.monitoring.collector.source;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.metric.CollectorMetric;
import infra.monitoring.common.metric.RecordList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one sample from all sources. Each source runs only when its own interval has elapsed; a
 * source that is not due contributes the values of its last run. A failing source contributes nulls
 * and {@code ok=false}; {@link #sample()} never throws. The {@code collector} block gets the self
 * source's CPU seconds and RSS, this call's wall time, and one status per source (for a source not
 * run in this sample, the outcome and duration of its last run). Not thread-safe: one sampling
 * thread calls it.
 */
public final class Sampler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sampler.class);

  private final List<Slot> slots = new ArrayList<>();
  private final LongSupplier nanoClock;

  /** Per-source schedule and its last result. */
  private static final class Slot {
    final Source source;
    final long intervalNanos;
    boolean ran;
    long lastRun;
    Metrics last = new Metrics();
    boolean ok = true;
    double seconds;
    String lastError;

    Slot(Source source, long intervalNanos) {
      this.source = source;
      this.intervalNanos = intervalNanos;
    }
  }

  public Sampler(List<Source> sources, SourceSettings settings, double recordIntervalSec) {
    this(sources, settings, recordIntervalSec, System::nanoTime);
  }

  /**
   * @param nanoClock monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   */
  public Sampler(
      List<Source> sources,
      SourceSettings settings,
      double recordIntervalSec,
      LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    // A source is due half a record interval early, so that a 5 s source on a 1 s schedule
    // runs every fifth record despite jitter instead of every sixth.
    long slack = (long) (recordIntervalSec * 0.5e9);
    for (Source s : sources) {
      double sec;
      try {
        sec = s.intervalSec(settings, recordIntervalSec);
      } catch (RuntimeException e) {
        sec = recordIntervalSec;
      }
      slots.add(new Slot(s, Math.max(0, (long) (sec * 1e9) - slack)));
    }
  }

  /** Runs the due sources and returns the merged values of all sources. Never throws. */
  public Metrics sample() {
    long start = nanoClock.getAsLong();
    Metrics out = new Metrics();
    List<Metrics.Row> statuses = new ArrayList<>(slots.size());
    for (Slot slot : slots) {
      long now = nanoClock.getAsLong();
      if (!slot.ran || now - slot.lastRun >= slot.intervalNanos) {
        run(slot, now);
      }
      try {
        out.merge(slot.last);
      } catch (RuntimeException e) {
        slot.ok = false; // cannot happen with well-formed Metrics; never fail the sample
      }
      statuses.add(
          new Metrics.Row(slot.source.name())
              .put(CollectorMetric.SOURCE_OK, slot.ok)
              .put(CollectorMetric.SOURCE_SECONDS, slot.seconds));
    }
    out.put(CollectorMetric.COLLECTOR_SAMPLE_SECONDS, (nanoClock.getAsLong() - start) / 1e9);
    out.rows(RecordList.SOURCES, statuses);
    return out;
  }

  private void run(Slot slot, long now) {
    slot.ran = true;
    slot.lastRun = now;
    Metrics fresh = new Metrics();
    try {
      slot.source.sample(fresh);
      slot.last = fresh;
      slot.ok = true;
      if (slot.lastError != null) {
        LOG.info("source {} recovered", slot.source.name());
        slot.lastError = null;
      }
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError vme) {
        throw vme;
      }
      slot.last = new Metrics(); // a failed source reports nulls, never stale values
      slot.ok = false;
      String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
      if (!msg.equals(slot.lastError)) {
        LOG.warn("source {} failed: {}", slot.source.name(), msg);
        slot.lastError = msg;
      }
    }
    slot.seconds = Math.max(0, nanoClock.getAsLong() - now) / 1e9;
  }

  /** Closes the sources that hold threads or files (probes, sensors). */
  @Override
  public void close() {
    for (Slot slot : slots) {
      if (slot.source instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.debug("closing source {}: {}", slot.source.name(), e.toString());
        }
      }
    }
  }
}
