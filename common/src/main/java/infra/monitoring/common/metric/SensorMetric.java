package infra.monitoring.common.metric;

import static infra.monitoring.common.metric.Declaration.top;

/** Hardware sensors of the host. */
public enum SensorMetric implements Metric {
  TEMPERATURE(
      top("temperature", Kind.NUMBER)
          .thresholds(70, 85)
          .gauge(
              "monitoring_temperature_celsius",
              "celsius",
              "Host CPU temperature in degrees Celsius.")
          .legacy("monitoring_temperature", "monitoring_temperature_celsius")
          .legacy("monitoring_cpu_temp_c", "monitoring_temperature_celsius"));

  private final Declaration declaration;

  SensorMetric(Declaration declaration) {
    this.declaration = declaration;
  }

  @Override
  public Declaration declaration() {
    return declaration;
  }
}
