package infra.monitoring.common.metric;

/**
 * The list-valued parts of a record's {@code metrics}: each row is one thing (a filesystem, an
 * interface, a probe target, a collector source, a CPU mode, a block device, a software RAID array,
 * a bonding interface) named by its id key, which becomes the label of every exported series of the
 * list. The fields of a row are the {@link Metric}s declared {@code in} the list.
 */
public enum RecordList {
  DISKS("disks", "mount", "mountpoint", Metric.Section.METRICS),
  INTERFACES("interfaces", "name", "interface", Metric.Section.METRICS),
  PROBES("probes", "target", "target", Metric.Section.METRICS),
  SOURCES("sources", "name", "source", Metric.Section.COLLECTOR),
  CPU_MODES("cpu_modes", "mode", "mode", Metric.Section.METRICS),
  BLOCK_DEVICES("block_devices", "device", "device", Metric.Section.METRICS),
  MD_ARRAYS("md_arrays", "device", "device", Metric.Section.METRICS),
  BONDS("bonds", "master", "master", Metric.Section.METRICS);

  private final String key;
  private final String idKey;
  private final String label;
  private final Metric.Section section;

  RecordList(String key, String idKey, String label, Metric.Section section) {
    this.key = key;
    this.idKey = idKey;
    this.label = label;
    this.section = section;
  }

  /** The JSON key of the list, for example {@code disks}. */
  public String key() {
    return key;
  }

  /** The JSON key of a row's id, for example {@code mount}. */
  public String idKey() {
    return idKey;
  }

  /** The label the id becomes on exported series, for example {@code mountpoint}. */
  public String label() {
    return label;
  }

  /** The object the list belongs to: {@code metrics} or {@code metrics.collector}. */
  public Metric.Section section() {
    return section;
  }
}
