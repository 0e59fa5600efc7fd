package infra.monitoring.exporter;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.LongSupplier;

/**
 * Serves the metrics of another registry, collected at most once per {@code ttl}. client_java's
 * process metrics read {@code /proc/self/status} twice and call MXBean getters by reflection on
 * every scrape, about a third of a scrape's CPU; values up to a second old are as good for a
 * scraper that comes every few seconds, and cost nothing at a thousand scrapes a second.
 */
final class CachedCollector implements MultiCollector {
  private record Entry(MetricSnapshots snapshots, long expires) {}

  private final PrometheusRegistry inner;
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private volatile Entry entry;

  CachedCollector(PrometheusRegistry inner, long ttlNanos, LongSupplier nanoTime) {
    this.inner = inner;
    this.ttlNanos = ttlNanos;
    this.nanoTime = nanoTime;
  }

  @Override
  public MetricSnapshots collect() {
    long now = nanoTime.getAsLong();
    Entry e = entry;
    if (e == null || now - e.expires() >= 0) {
      // Two scrapes may both refresh at expiry; harmless, and cheaper than a lock on every scrape.
      e = new Entry(inner.scrape(), now + ttlNanos);
      entry = e;
    }
    return e.snapshots();
  }
}
