package infra.monitoring.collector.treatment;

import infra.monitoring.common.Metrics;
import infra.monitoring.common.Summaries;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.metric.DiskMetric;
import infra.monitoring.common.metric.RecordList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code check_disk_usage}: reports every disk of the record at or above the disk warning threshold
 * (the original used a fixed 90% and only {@code /}). Read-only, so a dry run does the same; it
 * deletes nothing.
 */
public final class DiskUsageReport implements TreatmentAction {
  public static final String NAME = "check_disk_usage";
  private static final Logger LOG = LoggerFactory.getLogger(DiskUsageReport.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Outcome run(Context ctx) {
    double limit = limit(ctx.thresholds());
    List<String> issues = new ArrayList<>();
    for (Metrics.Row d : ctx.metrics().rowsOrEmpty(RecordList.DISKS)) {
      Double pct = d.number(DiskMetric.MOUNT_PERCENT);
      Long used = d.integer(DiskMetric.MOUNT_USED_BYTES);
      Long total = d.integer(DiskMetric.MOUNT_TOTAL_BYTES);
      if (pct == null && used != null && total != null && total > 0) {
        pct = 100.0 * used / total;
      }
      if (pct != null && pct >= limit) {
        String issue =
            d.id()
                + ": "
                + Summaries.fixed(pct, 1)
                + "% used"
                + (used != null && total != null
                    ? " ("
                        + Summaries.humanBytes((double) used)
                        + " of "
                        + Summaries.humanBytes((double) total)
                        + ")"
                    : "");
        LOG.warn("disk usage issue: {}", issue);
        issues.add(issue);
      }
    }
    if (issues.isEmpty()) {
      Double top = ctx.metrics().number(DiskMetric.DISK_PERCENT);
      return new Outcome(
          true,
          String.format(
              Locale.ROOT,
              "no disk at or above %s%% (disk_percent %s)",
              Summaries.fixed(limit, 0),
              top == null ? "unavailable" : Summaries.fixed(top, 1)));
    }
    return new Outcome(true, String.join("; ", issues));
  }

  static double limit(Thresholds t) {
    Thresholds.Level l = t.level(DiskMetric.DISK_PERCENT);
    if (l != null && l.warning() != null) {
      return l.warning();
    }
    if (l != null && l.critical() != null) {
      return l.critical();
    }
    return 90.0;
  }
}
