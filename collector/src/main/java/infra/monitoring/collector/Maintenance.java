package infra.monitoring.collector;

import infra.monitoring.collector.applog.RepeatedFailures;
import infra.monitoring.collector.pipeline.MaintenanceTask;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the maintenance tasks on one background thread, off the sampling thread: each once at start
 * and then every {@link MaintenanceTask#interval()}. One thread means tasks never overlap (rotation
 * and archive repair work in the same directory). A task that throws is logged and runs again at
 * its next time.
 */
final class Maintenance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final List<MaintenanceTask> tasks;
  private final Clock clock;
  private final Map<MaintenanceTask, RepeatedFailures> failures = new ConcurrentHashMap<>();
  private ScheduledExecutorService executor;

  Maintenance(List<MaintenanceTask> tasks, Clock clock) {
    this.tasks = List.copyOf(tasks);
    this.clock = clock;
    for (MaintenanceTask t : this.tasks) {
      failures.put(t, new RepeatedFailures(LOG, "maintenance " + t.name()));
    }
  }

  void start() {
    if (tasks.isEmpty()) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "maintenance");
              t.setDaemon(true);
              return t;
            });
    for (MaintenanceTask task : tasks) {
      long every = Math.max(1, task.interval().toMillis());
      executor.scheduleWithFixedDelay(() -> runOnce(task), 0, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Runs one task now, logging rather than throwing (an exception would cancel its schedule). A
   * failure that repeats identically is logged once, then as a count ({@link RepeatedFailures}).
   */
  void runOnce(MaintenanceTask task) {
    long t0 = System.nanoTime();
    RepeatedFailures f =
        failures.computeIfAbsent(task, t -> new RepeatedFailures(LOG, "maintenance " + t.name()));
    try {
      task.run(clock.instant());
      f.succeeded();
      LOG.debug("maintenance {} done in {} ms", task.name(), (System.nanoTime() - t0) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      f.failed(e);
    }
  }

  /** Stops the schedule; a task in progress gets a few seconds to finish (temp files are safe). */
  @Override
  public void close() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
