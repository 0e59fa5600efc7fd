package infra.monitoring.exporter.gapfill;

import java.util.Arrays;

/**
 * Learns the scrape spacing and tells when a scrape comes after a gap: a pause longer than {@link
 * #FACTOR} times the median of the last {@link #WINDOW} intervals, and longer than the floor (so a
 * fast scraper's jitter is not a gap). Each scrape costs a few comparisons and one sort of eight
 * numbers; every interval is learned, so a scrape interval changed on purpose stops looking like a
 * gap after a few scrapes, while one gap does not move the median.
 */
final class GapDetector {
  static final int WINDOW = 8;
  static final double FACTOR = 3.0;

  private final double minGapSeconds;
  private final double[] intervals = new double[WINDOW];
  private final double[] sorted = new double[WINDOW];
  private int learned;
  private int next;
  private double lastScrape = Double.NaN;
  private double lastServed = Double.NaN;

  GapDetector(double minGapSeconds) {
    this.minGapSeconds = minGapSeconds;
  }

  /**
   * A scrape at {@code now} served the record sampled at {@code served} (NaN for none). Returns the
   * gap it ends, or null.
   */
  synchronized Gap scraped(double now, double served) {
    Gap gap = null;
    if (!Double.isNaN(lastScrape)) {
      double dt = now - lastScrape;
      if (dt > 0) {
        if (learned > 0 && dt > threshold()) {
          double start = Double.isNaN(lastServed) ? lastScrape : Math.min(lastServed, lastScrape);
          gap = new Gap(start, now);
        }
        intervals[next] = dt;
        next = (next + 1) % WINDOW;
        learned = Math.min(learned + 1, WINDOW);
      }
    }
    if (Double.isNaN(lastScrape) || now > lastScrape) {
      lastScrape = now;
      lastServed = served;
    }
    return gap;
  }

  /** The pause that counts as a gap now: {@code max(floor, FACTOR × median interval)}. */
  synchronized double threshold() {
    if (learned == 0) {
      return Double.POSITIVE_INFINITY;
    }
    System.arraycopy(intervals, 0, sorted, 0, learned);
    Arrays.sort(sorted, 0, learned);
    double median =
        learned % 2 == 1
            ? sorted[learned / 2]
            : (sorted[learned / 2 - 1] + sorted[learned / 2]) / 2;
    return Math.max(minGapSeconds, FACTOR * median);
  }
}
