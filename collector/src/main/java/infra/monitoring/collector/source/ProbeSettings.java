package infra.monitoring.collector.source;

import infra.monitoring.common.settings.SettingsReader;
import java.util.List;

/**
 * The probe targets and their time-out. No targets (the default) means no probes: the probe keys
 * are null.
 *
 * @param targets {@code MONITORING_PROBE_TARGETS}, a comma-separated {@code host[:port]} list
 * @param timeoutSec seconds a ping or a TCP connect may take ({@code MONITORING_NETWORK_TIMEOUT})
 */
public record ProbeSettings(List<ProbeTarget> targets, double timeoutSec) {
  public ProbeSettings {
    targets = List.copyOf(targets);
  }

  public static ProbeSettings load(SettingsReader s) {
    double timeout = s.positiveDouble("MONITORING_NETWORK_TIMEOUT", 2.0, "a number of seconds > 0");
    List<ProbeTarget> targets =
        s.has("MONITORING_PROBE_TARGETS")
            ? ProbeTarget.parseList(
                s.text("MONITORING_PROBE_TARGETS", ""), s.origin("MONITORING_PROBE_TARGETS"))
            : List.of();
    return new ProbeSettings(targets, timeout);
  }
}
