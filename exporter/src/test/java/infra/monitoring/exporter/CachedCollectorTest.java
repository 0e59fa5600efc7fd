package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedCollectorTest {
  @Test
  void collectsTheInnerRegistryAtMostOncePerTtl() {
    AtomicInteger calls = new AtomicInteger();
    PrometheusRegistry inner = new PrometheusRegistry();
    GaugeWithCallback.builder()
        .name("calls")
        .help("collections of the inner registry")
        .callback(cb -> cb.call(calls.incrementAndGet()))
        .register(inner);
    AtomicLong now = new AtomicLong(5);
    PrometheusRegistry outer = new PrometheusRegistry();
    outer.register(new CachedCollector(inner, 100, now::get));

    assertThat(value(outer)).isEqualTo(1);
    now.addAndGet(99);
    assertThat(value(outer)).isEqualTo(1);
    now.addAndGet(1);
    assertThat(value(outer)).isEqualTo(2);
    assertThat(calls.get()).isEqualTo(2);
  }

  static double value(PrometheusRegistry r) {
    return ((GaugeSnapshot) r.scrape().get(0)).getDataPoints().get(0).getValue();
  }
}
