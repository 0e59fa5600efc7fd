package infra.monitoring.exporter;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;

/**
 * The one mapping from a family's type to its exposition: the client library's snapshot that {@code
 * /metrics} serves, and the OpenMetrics type word that {@code backfill} writes.
 */
enum FamilyType {
  GAUGE("gauge") {
    @Override
    MetricSnapshot snapshot(Family f, List<Family.Sample> samples) {
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
      if (f.unit() != null) {
        b.unit(new Unit(f.unit()));
      }
      for (Family.Sample s : samples) {
        b.dataPoint(
            GaugeDataPointSnapshot.builder()
                .labels(Labels.of(f.labelNames(), s.labelValues()))
                .value(s.value())
                .build());
      }
      return b.build();
    }
  },
  COUNTER("counter") {
    @Override
    MetricSnapshot snapshot(Family f, List<Family.Sample> samples) {
      CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name()).help(f.help());
      if (f.unit() != null) {
        b.unit(new Unit(f.unit()));
      }
      for (Family.Sample s : samples) {
        b.dataPoint(
            CounterDataPointSnapshot.builder()
                .labels(Labels.of(f.labelNames(), s.labelValues()))
                .value(s.value())
                .build());
      }
      return b.build();
    }
  },
  /** One series per state, labelled with the family's name; 1 for the current state. */
  STATESET("stateset") {
    @Override
    MetricSnapshot snapshot(Family f, List<Family.Sample> samples) {
      StateSetDataPointSnapshot.Builder p = StateSetDataPointSnapshot.builder();
      for (Family.Sample s : samples) {
        p.state(s.labelValues().get(0), s.value() != 0);
      }
      return StateSetSnapshot.builder().name(f.name()).help(f.help()).dataPoint(p.build()).build();
    }
  };

  private final String openMetrics;

  FamilyType(String openMetrics) {
    this.openMetrics = openMetrics;
  }

  /** The type word of an OpenMetrics {@code # TYPE} line. */
  String openMetrics() {
    return openMetrics;
  }

  /** The snapshot of a family's samples (not empty). */
  abstract MetricSnapshot snapshot(Family f, List<Family.Sample> samples);
}
