package infra.monitoring.collector.source;

import infra.monitoring.common.Settings;
import java.util.List;

/**
 * The one list of metric sources, in record order. The self source comes last so that its CPU
 * seconds include the cost of the other sources in the same sample. Creating the list starts the
 * probe threads (when targets are configured); {@link Sampler#close()} stops them.
 */
public final class SourceRegistry {
  private SourceRegistry() {}

  public static List<Source> create(Settings settings) {
    HostPaths paths = HostPaths.of(settings);
    return List.of(
        new CpuSource(paths),
        new MemorySource(paths),
        new DiskSource(paths, settings.diskMount()),
        new NetworkSource(paths),
        new TemperatureSource(paths),
        ProbeSource.create(settings),
        new SelfSource());
  }
}
