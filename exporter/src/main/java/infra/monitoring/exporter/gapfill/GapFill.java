package infra.monitoring.exporter.gapfill;

import infra.monitoring.common.LogLayout;
import infra.monitoring.common.feed.FeedStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.ZoneId;
import java.util.function.DoubleSupplier;

/**
 * Nothing lost between scrapes: told of each scrape ({@link #scraped}, a few comparisons on the
 * scrape's thread), it learns the scrape spacing and, when a scrape ends a gap, hands the gap to
 * the {@link GapFiller}, which pushes the records sampled inside it to the remote-write receiver
 * with their own timestamps. See docs/gapfill.md.
 */
public final class GapFill implements AutoCloseable {
  private final GapDetector detector;
  private final GapFiller filler;
  private final DoubleSupplier servedSampleTime;
  private final DoubleSupplier epochNow;

  private GapFill(
      GapDetector detector,
      GapFiller filler,
      DoubleSupplier servedSampleTime,
      DoubleSupplier epochNow) {
    this.detector = detector;
    this.filler = filler;
    this.servedSampleTime = servedSampleTime;
    this.epochNow = epochNow;
  }

  /**
   * Registers the gap fill's metrics and starts its worker.
   *
   * @param servedSampleTime sample time of the record the exporter serves now (NaN for none)
   */
  public static GapFill start(
      GapFillSettings settings,
      LogLayout layout,
      SeriesSource series,
      DoubleSupplier servedSampleTime,
      DoubleSupplier epochNow,
      PrometheusRegistry registry) {
    GapFiller filler =
        new GapFiller(
            new FeedStore(layout),
            ZoneId.systemDefault(),
            series,
            settings,
            new RemoteWriteClient(settings),
            new GapFillMetrics(registry),
            epochNow,
            System::nanoTime,
            nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
    filler.start();
    return new GapFill(
        new GapDetector(settings.minGap().toNanos() / 1e9), filler, servedSampleTime, epochNow);
  }

  /** A scrape was answered (200) now. */
  public void scraped() {
    Gap g = detector.scraped(epochNow.getAsDouble(), servedSampleTime.getAsDouble());
    if (g != null) {
      filler.submit(g);
    }
  }

  @Override
  public void close() {
    filler.close();
  }
}
