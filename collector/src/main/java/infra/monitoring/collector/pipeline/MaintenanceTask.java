package infra.monitoring.collector.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * Periodic work off the sampling thread (rotation, retention, the hourly summary). The daemon runs
 * each task once at start-up and then every {@link #interval()} on one maintenance thread; an
 * exception is logged and the task runs again at its next time.
 */
public interface MaintenanceTask {
  String name();

  Duration interval();

  void run(Instant now) throws Exception;
}
