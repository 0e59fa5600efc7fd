package infra.monitoring.collector.treatment;

import infra.monitoring.common.Metric;
import infra.monitoring.common.Metrics;
import infra.monitoring.common.Summaries;
import infra.monitoring.common.Thresholds;
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
    for (Metrics.Disk d : ctx.metrics().disks()) {
      Double pct = d.percent();
      if (pct == null && d.usedBytes() != null && d.totalBytes() != null && d.totalBytes() > 0) {
        pct = 100.0 * d.usedBytes() / d.totalBytes();
      }
      if (pct != null && pct >= limit) {
        String issue =
            d.mount()
                + ": "
                + Summaries.fixed(pct, 1)
                + "% used"
                + (d.usedBytes() != null && d.totalBytes() != null
                    ? " ("
                        + Summaries.humanBytes((double) d.usedBytes())
                        + " of "
                        + Summaries.humanBytes((double) d.totalBytes())
                        + ")"
                    : "");
        LOG.warn("disk usage issue: {}", issue);
        issues.add(issue);
      }
    }
    if (issues.isEmpty()) {
      Double top = ctx.metrics().number(Metric.DISK_PERCENT);
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
    Thresholds.Level l = t.level(Metric.DISK_PERCENT);
    if (l != null && l.warning() != null) {
      return l.warning();
    }
    if (l != null && l.critical() != null) {
      return l.critical();
    }
    return 90.0;
  }
}
