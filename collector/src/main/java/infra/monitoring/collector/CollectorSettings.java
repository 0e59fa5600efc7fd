package infra.monitoring.collector;

import infra.monitoring.collector.feed.RetentionSettings;
import infra.monitoring.collector.files.FileModes;
import infra.monitoring.collector.source.ProbeSettings;
import infra.monitoring.collector.source.SourceSettings;
import infra.monitoring.collector.summary.SummarySettings;
import infra.monitoring.collector.treatment.TreatmentSettings;
import infra.monitoring.common.LogLayout;
import infra.monitoring.common.LogSettings;
import infra.monitoring.common.Thresholds;
import infra.monitoring.common.settings.Flag;
import infra.monitoring.common.settings.SettingsSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the collector, one record per area, each loaded and checked by its own {@code
 * load}: nothing of the exporter's is read here. A bad value throws a one-line {@code
 * ConfigException} naming the variable or flag before anything is written.
 */
public record CollectorSettings(
    LogSettings log,
    RunSettings run,
    SourceSettings sources,
    ProbeSettings probes,
    Thresholds thresholds,
    TreatmentSettings treatments,
    RetentionSettings retention,
    SummarySettings summary,
    FileModes files,
    List<String> warnings) {

  /** The collector's flags: those of its areas, and {@code --help}. */
  public static final List<Flag> FLAGS = flags();

  public CollectorSettings {
    warnings = List.copyOf(warnings);
  }

  /** Loads every area from a resolved source; unread {@code MONITORING_*} names become warnings. */
  public static CollectorSettings load(SettingsSource s) {
    LogSettings log = LogSettings.load(s);
    RunSettings run = RunSettings.load(s, log);
    CollectorSettings c =
        new CollectorSettings(
            log,
            run,
            SourceSettings.load(s),
            ProbeSettings.load(s),
            ThresholdSettings.load(s),
            TreatmentSettings.load(s),
            RetentionSettings.load(s),
            SummarySettings.load(s),
            FileModes.load(s),
            List.of());
    List<String> warnings = new ArrayList<>(run.warnings());
    warnings.addAll(s.unknownNameWarnings());
    return c.withWarnings(warnings);
  }

  /** Loads from arguments, an environment and a working directory (for {@code ./.env}). */
  public static CollectorSettings load(String[] args, Map<String, String> env, Path cwd) {
    return load(SettingsSource.load(args, env, FLAGS, cwd));
  }

  private CollectorSettings withWarnings(List<String> w) {
    return new CollectorSettings(
        log, run, sources, probes, thresholds, treatments, retention, summary, files, w);
  }

  public LogLayout layout() {
    return log.layout();
  }

  private static List<Flag> flags() {
    List<Flag> f = new ArrayList<>(RunSettings.FLAGS);
    f.addAll(LogSettings.FLAGS);
    f.add(Flag.HELP);
    return List.copyOf(f);
  }
}
