package infra.monitoring.collector.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of metric sources, in record order, and of their default intervals. The self source
 * comes last so that its CPU seconds include the cost of the other sources in the same sample.
 * Creating the list starts the probe threads (when targets are configured); {@link Sampler#close()}
 * stops them.
 */
public final class SourceRegistry {

  /**
   * Seconds between runs by interval name ({@code MONITORING_METRIC_INTERVAL_<NAME>}): one per
   * source, but the probes run ICMP ({@code ping}) and TCP ({@code latency}) at their own.
   */
  public static final Map<String, Double> DEFAULT_INTERVALS = defaultIntervals();

  private SourceRegistry() {}

  public static List<Source> create(SourceSettings settings, ProbeSettings probes) {
    HostPaths paths = settings.paths();
    return List.of(
        new CpuSource(paths),
        new MemorySource(paths),
        new DiskSource(paths, settings.diskMount()),
        new NetworkSource(paths),
        new TemperatureSource(paths),
        new FileHandlesSource(paths),
        new StatSource(paths),
        new VmstatSource(paths),
        new PressureSource(paths),
        new DiskstatsSource(paths),
        new InodeSource(paths),
        new MdstatSource(paths),
        new ConntrackSource(paths),
        new BondingSource(paths),
        new TimexSource(),
        ProbeSource.create(probes, settings),
        new SelfSource());
  }

  private static Map<String, Double> defaultIntervals() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("cpu", 1.0);
    m.put("memory", 5.0);
    m.put("disk", 10.0);
    m.put("network", 2.0);
    m.put("ping", 5.0);
    m.put("latency", 5.0);
    m.put("temperature", 30.0);
    m.put("filefd", 10.0);
    // Counters for rates over minutes (Prometheus's rate(), node-mixin's 2m to 5m windows): a few
    // seconds is plenty; filesystems' inodes, RAID and bonding change over minutes or hours.
    m.put("stat", 5.0);
    m.put("vmstat", 10.0);
    m.put("pressure", 5.0);
    m.put("diskstats", 5.0);
    m.put("inodes", 30.0);
    m.put("mdstat", 30.0);
    m.put("conntrack", 10.0);
    m.put("bonding", 30.0);
    m.put("timex", 10.0);
    m.put("self", 1.0);
    return Collections.unmodifiableMap(m);
  }
}
