package infra.monitoring.collector;

import infra.monitoring.collector.pipeline.Enricher;
import infra.monitoring.collector.pipeline.MaintenanceTask;
import infra.monitoring.collector.pipeline.RecordObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The pluggable parts of the daemon, collected in {@link CollectorMain#components}: enrichers (run
 * in order before evaluation), record observers (in order, after it), maintenance tasks, and
 * anything that must be closed at shutdown (closed in reverse order).
 */
final class Components {
  private final List<Enricher> enrichers = new ArrayList<>();
  private final List<RecordObserver> observers = new ArrayList<>();
  private final List<MaintenanceTask> tasks = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  Components enricher(Enricher e) {
    enrichers.add(e);
    return this;
  }

  Components observer(RecordObserver o) {
    observers.add(o);
    return this;
  }

  Components task(MaintenanceTask t) {
    tasks.add(t);
    return this;
  }

  /** Registers something to close at shutdown, after the last record is written. */
  Components closeable(AutoCloseable c) {
    closeables.add(c);
    return this;
  }

  List<Enricher> enrichers() {
    return Collections.unmodifiableList(enrichers);
  }

  List<RecordObserver> observers() {
    return Collections.unmodifiableList(observers);
  }

  List<MaintenanceTask> tasks() {
    return Collections.unmodifiableList(tasks);
  }

  List<AutoCloseable> closeables() {
    List<AutoCloseable> reversed = new ArrayList<>(closeables);
    Collections.reverse(reversed);
    return reversed;
  }
}
