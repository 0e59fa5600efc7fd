package infra.monitoring.common;

/** One metric at or over its warning threshold: {@code {name, value, level}} in the record. */
public record Alert(String name, double value, Severity level) {}
