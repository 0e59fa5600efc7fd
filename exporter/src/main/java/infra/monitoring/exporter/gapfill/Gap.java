package infra.monitoring.exporter.gapfill;

/**
 * A time no scrape saw, in Unix seconds: the records sampled after {@code start} and before {@code
 * end} were never served. {@code start} is the sample time of the record the last scrape before the
 * gap served (or that scrape's time), {@code end} the time of the scrape that ended the gap.
 */
public record Gap(double start, double end) {
  public double seconds() {
    return end - start;
  }
}
